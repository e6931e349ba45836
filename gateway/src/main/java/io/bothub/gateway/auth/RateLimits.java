package io.bothub.gateway.auth;

import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RScriptReactive;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;

import reactor.core.publisher.Mono;

/**
 * Requests per minute per principal (a user, an agent key, a bot) and per tenant, counted in Redis so every
 * gateway replica shares the counts. One script call per request counts both windows and says, when a limit is
 * reached, how long until its window ends: that is the Retry-After.
 */
class RateLimits {

    /** Whether the request may go on, and if not, after how many seconds it may be tried again. */
    record Decision(boolean allowed, long retryAfterSeconds, String limit) {
    }

    // KEYS: principal window, tenant window. ARGV: principal limit, tenant limit, window seconds.
    // The tenant is counted only when the principal is within its own limit, so one noisy key cannot use up its
    // tenant's budget with requests that are refused anyway.
    private static final String SCRIPT = """
            local p = redis.call('INCR', KEYS[1])
            if p == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
            if p > tonumber(ARGV[1]) then return {0, redis.call('TTL', KEYS[1]), 'principal'} end
            local t = redis.call('INCR', KEYS[2])
            if t == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
            if t > tonumber(ARGV[2]) then return {0, redis.call('TTL', KEYS[2]), 'tenant'} end
            return {1, 0, ''}
            """;

    private final RScriptReactive script;
    private final String namespace;
    private final AuthSettings settings;

    RateLimits(RedissonReactiveClient redis, String namespace, AuthSettings settings) {
        this.script = redis.getScript(StringCodec.INSTANCE);
        this.namespace = namespace;
        this.settings = settings;
    }

    /** Counts the request against its principal's limit and its tenant's {@code tenantLimit} per minute. */
    Mono<Decision> check(Identity identity, int tenantLimit) {
        // Fixed one-minute windows: the key carries the window's number, so windows never need cleaning up.
        long window = System.currentTimeMillis() / 60_000;
        List<Object> keys = List.of(namespace + ":rate:p:" + identity.principal() + ":" + identity.tenantId() + ":" + window,
                namespace + ":rate:t:" + identity.tenantId() + ":" + window);
        return script.<List<Object>>eval(RScript.Mode.READ_WRITE, SCRIPT, RScript.ReturnType.LIST, keys,
                        settings.perPrincipalPerMinute(), tenantLimit, 61)
                .map(result -> new Decision(Long.parseLong(result.get(0).toString()) == 1,
                        Math.max(1, Long.parseLong(result.get(1).toString())),
                        result.size() > 2 ? result.get(2).toString() : ""));
    }
}
