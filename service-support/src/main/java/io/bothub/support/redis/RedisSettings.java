package io.bothub.support.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.redis.*}: where the service's Redisson client connects.
 *
 * @param address  {@code redis://host:port}
 * @param database the logical database (tests use another than the running platform)
 * @param poolSize connections per node
 * @param namespace prefix of every key the service writes, so tests (and several platforms sharing one Redis)
 *                  never see each other's keys
 */
@ConfigurationProperties("bothub.redis")
public record RedisSettings(
        @DefaultValue("redis://127.0.0.1:6379") String address,
        @DefaultValue("0") int database,
        @DefaultValue("32") int poolSize,
        @DefaultValue("bothub") String namespace) {

    /** A key in this service's namespace: {@code <namespace>:<name>}. */
    public String key(String name) {
        return namespace + ":" + name;
    }

    /**
     * A SCAN/KEYS pattern for every key of this namespace starting with {@code prefix}; the prefix (a tenant id, say)
     * matches only itself, whatever glob characters it holds.
     */
    public String keysStartingWith(String prefix) {
        return literal(key(prefix)) + "*";
    }

    /** {@code text} as a Redis glob (KEYS, SCAN, ZSCAN MATCH) that matches only itself. */
    public static String literal(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
