package io.bothub.platform;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.bothub.testsupport.Database;
import io.bothub.testsupport.RealInfrastructure;

/**
 * tenant-, bot-, command- and task-service and the gateway as the separate processes they are in production, built from their own jars and
 * pointed at the test's Kafka broker, a fresh database and a private Redis namespace. Stopped when the JVM exits.
 */
final class RunningPlatform {

    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static RunningPlatform instance;

    final String gateway;
    final Database botDatabase;
    final Database commandDatabase;
    final Database tenantDatabase;
    final Database taskDatabase;
    final Database routingDatabase;
    final Database skillDatabase;
    final Database metricsDatabase;
    private final List<Process> processes = new ArrayList<>();

    private RunningPlatform() throws Exception {
        botDatabase = RealInfrastructure.newDatabase("e2e_bot");
        commandDatabase = RealInfrastructure.newDatabase("e2e_command");
        tenantDatabase = RealInfrastructure.newDatabase("e2e_tenant");
        taskDatabase = RealInfrastructure.newDatabase("e2e_task");
        routingDatabase = RealInfrastructure.newDatabase("e2e_routing");
        skillDatabase = RealInfrastructure.newDatabase("e2e_skill");
        metricsDatabase = RealInfrastructure.newDatabase("e2e_metrics");
        int tenantPort = freePort();
        int botPort = freePort();
        int commandPort = freePort();
        int taskPort = freePort();
        int routingPort = freePort();
        int skillPort = freePort();
        int metricsPort = freePort();
        int gatewayPort = freePort();
        start("tenant-service", service(tenantPort, tenantDatabase));
        List<String> botService = new ArrayList<>(service(botPort, botDatabase));
        // An SDK bot beating every second is declared offline within a second or two of stopping.
        botService.addAll(List.of("--bothub.heartbeat.missed-beats=2", "--bothub.heartbeat.sweep-interval=200ms"));
        start("bot-service", botService);
        start("command-service", service(commandPort, commandDatabase));
        start("task-service", service(taskPort, taskDatabase));
        start("routing-service", service(routingPort, routingDatabase));
        start("skill-service", service(skillPort, skillDatabase));
        start("metrics-service", service(metricsPort, metricsDatabase));
        start("gateway", List.of(
                "--server.port=" + gatewayPort,
                "--bothub.services.tenant-url=http://127.0.0.1:" + tenantPort,
                "--bothub.services.bot-url=http://127.0.0.1:" + botPort,
                "--bothub.services.command-url=http://127.0.0.1:" + commandPort,
                "--bothub.services.task-url=http://127.0.0.1:" + taskPort,
                "--bothub.services.routing-url=http://127.0.0.1:" + routingPort,
                "--bothub.services.skill-url=http://127.0.0.1:" + skillPort,
                "--bothub.services.metrics-url=http://127.0.0.1:" + metricsPort,
                "--bothub.gateway.auth.key-cache-ttl=2s",
                "--bothub.gateway.auth.tenant-cache-ttl=1s",
                "--bothub.redis.address=" + RealInfrastructure.redisAddress(),
                "--bothub.redis.database=" + RealInfrastructure.REDIS_TEST_DATABASE,
                "--bothub.redis.namespace=test-" + botDatabase.name()));
        gateway = "http://127.0.0.1:" + gatewayPort;
        awaitReady("http://127.0.0.1:" + tenantPort, "tenant-service");
        awaitReady("http://127.0.0.1:" + botPort, "bot-service");
        awaitReady("http://127.0.0.1:" + commandPort, "command-service");
        awaitReady("http://127.0.0.1:" + taskPort, "task-service");
        awaitReady("http://127.0.0.1:" + routingPort, "routing-service");
        awaitReady("http://127.0.0.1:" + skillPort, "skill-service");
        awaitReady("http://127.0.0.1:" + metricsPort, "metrics-service");
        awaitReady(gateway, "gateway");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "platform-stop"));
    }

    private static List<String> service(int port, Database database) {
        return List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.kafka.bootstrap-servers=" + RealInfrastructure.kafkaBootstrapServers(),
                "--bothub.redis.address=" + RealInfrastructure.redisAddress(),
                "--bothub.redis.database=" + RealInfrastructure.REDIS_TEST_DATABASE,
                "--bothub.redis.namespace=test-" + database.name());
    }

    static synchronized RunningPlatform get() throws Exception {
        if (instance == null) {
            instance = new RunningPlatform();
        }
        return instance;
    }

    private void start(String module, List<String> arguments) throws IOException {
        Path jar = Path.of("..", module, "target", module + "-" + VERSION + ".jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the whole project (./bothub test) first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(arguments);
        File log = Path.of("target", module + ".log").toFile();
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
    }

    private static void awaitReady(String base, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // Five JVMs start at once; on a shared 2-core machine under load one alone can take two minutes.
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready; see platform-tests/target/" + name + ".log");
    }

    private void stop() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
