package io.bothub.support;

import java.io.IOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code bothub-platform-defaults.properties} as the lowest-precedence property source, so every service
 * starts with the same virtual threads, Kafka serialization, Flyway locations and actuator exposure.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "bothub-platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(
                    new ResourcePropertySource("bothub-platform-defaults", new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }
}
