package io.bothub.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Starts, once per test JVM, the infrastructure BotHub's tests run against, and hands each caller what it needs.
 *
 * <p>Where a Docker engine answers, Kafka, PostgreSQL and Redis come from Testcontainers. Otherwise Kafka is a
 * KRaft broker started inside the test JVM from the Kafka jars, and PostgreSQL and Redis are the machine's own
 * (127.0.0.1:5432 with trust auth, 127.0.0.1:6379; {@code ./bothub up} or the machine set-up provides them).
 * {@code BOTHUB_TEST_INFRA=local} or {@code =docker} forces one or the other.
 *
 * <p>Isolation: each Spring context gets a database of its own, dropped when the JVM exits; tests use Redis
 * database {@value #REDIS_TEST_DATABASE} so they never touch a running platform's keys (database 0), and the
 * in-JVM broker listens on a random port.
 */
public final class RealInfrastructure {

    public static final int REDIS_TEST_DATABASE = 1;

    private static final boolean DOCKER = useDocker();
    private static final List<String> CREATED_DATABASES = new ArrayList<>();

    private static String kafkaBootstrapServers;
    private static PostgreSQLContainer postgres;
    private static String redisAddress;

    private RealInfrastructure() {
    }

    /** Whether this JVM uses Testcontainers. */
    public static boolean usesDocker() {
        return DOCKER;
    }

    /** The bootstrap servers of the JVM-wide Kafka broker, starting it on first use. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            if (DOCKER) {
                KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
                kafka.start();
                kafkaBootstrapServers = kafka.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
                broker.kafkaPorts(0);
                broker.brokerProperties(Map.of(
                        "auto.create.topics.enable", "true",
                        "num.partitions", "3",
                        "offsets.topic.num.partitions", "5",
                        "group.initial.rebalance.delay.ms", "0"));
                broker.afterPropertiesSet();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
                kafkaBootstrapServers = broker.getBrokersAsString();
            }
        }
        return kafkaBootstrapServers;
    }

    /** A new, empty PostgreSQL database, dropped when the JVM exits. */
    public static synchronized Database newDatabase(String purpose) {
        String name = ("bothub_test_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        String adminUrl;
        String user;
        String password;
        if (DOCKER) {
            if (postgres == null) {
                postgres = new PostgreSQLContainer("postgres:16-alpine");
                postgres.start();
            }
            adminUrl = postgres.getJdbcUrl();
            user = postgres.getUsername();
            password = postgres.getPassword();
        } else {
            adminUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
            user = "postgres";
            password = "";
        }
        execute(adminUrl, user, password, "create database " + name);
        if (CREATED_DATABASES.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(adminUrl, user, password), "test-db-drop"));
        }
        CREATED_DATABASES.add(name);
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        return new Database(name, url, user, password);
    }

    /** The Redis address, {@code redis://host:port}; use database {@link #REDIS_TEST_DATABASE}. */
    public static synchronized String redisAddress() {
        if (redisAddress == null) {
            if (DOCKER) {
                GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                redis.start();
                redisAddress = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            } else {
                redisAddress = "redis://127.0.0.1:6379";
            }
        }
        return redisAddress;
    }

    private static void dropAll(String adminUrl, String user, String password) {
        for (String name : CREATED_DATABASES) {
            try {
                execute(adminUrl, user, password, "drop database if exists " + name + " with (force)");
            } catch (IllegalStateException e) {
                // Leftover test databases are harmless; the next run makes new ones.
            }
        }
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused '" + sql + "': " + e.getMessage()
                    + " (without Docker, tests need PostgreSQL on 127.0.0.1:5432 with trust auth; "
                    + "./bothub up starts it)", e);
        }
    }

    private static boolean useDocker() {
        String forced = System.getenv("BOTHUB_TEST_INFRA");
        if ("local".equalsIgnoreCase(forced)) {
            return false;
        }
        if ("docker".equalsIgnoreCase(forced)) {
            return true;
        }
        // Asking Testcontainers costs seconds when no engine is there; look for one first.
        boolean engineLikely = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        try {
            return engineLikely && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
