package io.bothub.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Points a Spring context at the real infrastructure: the shared Kafka broker, a new database of its own and the
 * test Redis database. Properties set by the test itself still win over these.
 */
public class RealInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String purpose = context.getEnvironment().getProperty("spring.application.name", "test");
        Database database = RealInfrastructure.newDatabase(purpose);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", RealInfrastructure.kafkaBootstrapServers());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        // Test JVMs cache several contexts at once; small pools keep them under PostgreSQL's connection limit.
        properties.put("spring.datasource.hikari.maximum-pool-size", 4);
        properties.put("spring.datasource.hikari.minimum-idle", 1);
        properties.put("bothub.redis.address", RealInfrastructure.redisAddress());
        properties.put("bothub.redis.database", RealInfrastructure.REDIS_TEST_DATABASE);
        properties.put("bothub.redis.namespace", "test-" + database.name());
        properties.put("bothub.test.database-name", database.name());
        // Tests read what their service published from its outbox, so published rows stay (the platform deletes
        // them as they are acknowledged; service-support's OutboxTest pins that down).
        properties.put("bothub.outbox.keep-published", "1h");
        MapPropertySource source = new MapPropertySource("bothub-real-infrastructure", properties);
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        // Above application.yml (which points at the developer's databases), below the test's own properties.
        if (sources.contains(INLINED_TEST_PROPERTIES)) {
            sources.addAfter(INLINED_TEST_PROPERTIES, source);
        } else {
            sources.addFirst(source);
        }
    }
}
