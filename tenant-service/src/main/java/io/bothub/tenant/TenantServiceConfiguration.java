package io.bothub.tenant;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.bothub.support.secrets.SecretSealer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenantSettings.class)
class TenantServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** Seals the private halves of token-signing keys in the database. */
    @Bean
    SecretSealer signingKeySealer(TenantSettings settings) {
        return new SecretSealer(settings.secrets().currentKeyId(), settings.secrets().keys());
    }
}
