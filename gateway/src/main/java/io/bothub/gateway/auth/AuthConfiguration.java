package io.bothub.gateway.auth;

import java.time.Clock;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthSettings.class)
class AuthConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient gatewayRedis(@Value("${bothub.redis.address:redis://127.0.0.1:6379}") String address,
            @Value("${bothub.redis.database:0}") int database) {
        Config config = new Config();
        // Scripts are sent once and then called by their SHA.
        config.setUseScriptCache(true);
        config.useSingleServer().setAddress(address).setDatabase(database);
        return Redisson.create(config);
    }

    @Bean
    Authentication authentication(RedissonClient redis, AuthSettings settings,
            @Value("${bothub.services.tenant-url}") String tenantUrl, @Value("${bothub.services.bot-url}") String botUrl,
            @Value("${bothub.redis.namespace:bothub}") String namespace) {
        WebClient tenantService = WebClient.builder().baseUrl(tenantUrl).build();
        WebClient botService = WebClient.builder().baseUrl(botUrl).build();
        return new Authentication(new UserTokens(tenantService, settings, Clock.systemUTC()),
                new ApiKeyChecks(botService, tenantService, settings),
                new RateLimits(redis.reactive(), namespace, settings), new TenantStandings(tenantService, settings), settings);
    }
}
