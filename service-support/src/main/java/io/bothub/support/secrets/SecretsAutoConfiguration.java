package io.bothub.support.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@AutoConfiguration
@EnableConfigurationProperties(TransitSecretsSettings.class)
public class SecretsAutoConfiguration {

    @Bean
    TransitSecrets transitSecrets(TransitSecretsSettings settings) {
        return new TransitSecrets(new SecretSealer(settings.currentKeyId(), settings.keys()));
    }
}
