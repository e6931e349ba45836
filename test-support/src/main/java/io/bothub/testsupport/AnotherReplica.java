package io.bothub.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts a second replica of the service under test, sharing what replicas of one deployment share: its database,
 * Kafka, Redis (the same database and key namespace, never the platform's) and how its outbox keeps rows. The
 * settings go in as command-line arguments, so they win over application.yml as a real deployment's would.
 */
public final class AnotherReplica {

    /** The settings {@link RealInfrastructureInitializer} gives the first replica that the second must share. */
    private static final List<String> SHARED = List.of("spring.datasource.url", "spring.kafka.bootstrap-servers",
            "bothub.redis.address", "bothub.redis.database", "bothub.redis.namespace", "bothub.outbox.keep-published");

    private AnotherReplica() {
    }

    /**
     * Starts {@code application} on a free port beside the replica whose {@code environment} is given, with
     * {@code own} settings on top.
     */
    public static ConfigurableApplicationContext start(Class<?> application, Environment environment,
            Map<String, String> own) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        SHARED.forEach(name -> settings.put(name, environment.getRequiredProperty(name)));
        settings.putAll(own);
        return new SpringApplicationBuilder(application)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** The port a replica started here listens on. */
    public static int port(ConfigurableApplicationContext replica) {
        return Integer.parseInt(replica.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
