package io.bothub.bot.registry;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.bothub.support.secrets.SecretSealer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretSettings.class)
class RegistryConfiguration {

    @Bean
    SecretSealer secretSealer(SecretSettings settings) {
        return new SecretSealer(settings.currentKeyId(), settings.keys());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
