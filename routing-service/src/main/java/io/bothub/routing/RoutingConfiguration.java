package io.bothub.routing;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The handoff and queue timeouts run as scheduled sweeps; each is a single conditional update, safe on every replica. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RoutingConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
