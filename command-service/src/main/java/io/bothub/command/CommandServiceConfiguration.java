package io.bothub.command;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSettings.class)
class CommandServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
