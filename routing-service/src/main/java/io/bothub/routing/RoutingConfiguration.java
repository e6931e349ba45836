package io.bothub.routing;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
