package io.bothub.task;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaskSettings.class)
class TaskServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
