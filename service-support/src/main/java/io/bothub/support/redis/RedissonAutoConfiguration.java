package io.bothub.support.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A Redisson client for services that keep live state in Redis; present only where Redisson is on the classpath. */
@AutoConfiguration
@ConditionalOnClass(Redisson.class)
@EnableConfigurationProperties(RedisSettings.class)
public class RedissonAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    RedissonClient redissonClient(RedisSettings settings) {
        Config config = new Config();
        // The services' Lua scripts (seats, heartbeats, pending work) run on every request: sent by their SHA-1
        // (EVALSHA), not as their text each time; Redisson sends the text once more if Redis has forgotten it.
        config.setUseScriptCache(true);
        config.useSingleServer()
                .setAddress(settings.address())
                .setDatabase(settings.database())
                .setConnectionPoolSize(settings.poolSize())
                .setConnectionMinimumIdleSize(Math.min(4, settings.poolSize()));
        return Redisson.create(config);
    }
}
