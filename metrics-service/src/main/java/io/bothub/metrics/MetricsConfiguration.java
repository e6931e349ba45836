package io.bothub.metrics;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.bothub.metrics.alerts.AlertSettings;
import io.bothub.metrics.health.HealthSettings;
import io.bothub.metrics.ingest.IngestSettings;
import io.bothub.support.secrets.SecretSealer;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({IngestSettings.class, HealthSettings.class, AlertSettings.class,
        MetricsConfiguration.SecretSettings.class})
class MetricsConfiguration {

    /**
     * {@code bothub.metrics.secrets.*}: the AES-256 keys (base64, by id) that seal tenants' alert webhook secrets at
     * rest, and which one seals new secrets.
     */
    @ConfigurationProperties("bothub.metrics.secrets")
    record SecretSettings(String currentKeyId, Map<String, String> keys) {
    }

    @Bean
    SecretSealer secretSealer(SecretSettings settings) {
        return new SecretSealer(settings.currentKeyId(), settings.keys());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
