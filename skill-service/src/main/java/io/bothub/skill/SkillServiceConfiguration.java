package io.bothub.skill;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SkillSettings.class)
@EnableScheduling
class SkillServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
