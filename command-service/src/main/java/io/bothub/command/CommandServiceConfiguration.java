package io.bothub.command;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSettings.class)
// Finished-command retention runs on Spring's scheduler.
@EnableScheduling
class CommandServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
