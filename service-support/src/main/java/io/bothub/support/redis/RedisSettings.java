package io.bothub.support.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.redis.*}: where the service's Redisson client connects.
 *
 * @param address  {@code redis://host:port}
 * @param database the logical database (tests use another than the running platform)
 * @param poolSize connections per node
 */
@ConfigurationProperties("bothub.redis")
public record RedisSettings(
        @DefaultValue("redis://127.0.0.1:6379") String address,
        @DefaultValue("0") int database,
        @DefaultValue("32") int poolSize) {
}
