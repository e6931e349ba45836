package io.bothub.routing.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

import io.bothub.support.redis.RedisSettings;

/**
 * How many sessions each bot holds, in Redis, shared by every routing-service replica. A seat is taken by one
 * script that walks the candidates in order of preference and takes the first with room: checking and taking are
 * one atomic step, so no bot is ever given more sessions than its maximum, however many replicas assign at once.
 */
@Component
class SessionCapacity {

    /** A bot that may take the session, and the most sessions it may hold. */
    record Candidate(String botId, int maxSessions) {
    }

    // KEYS[1]: the tenant's load hash. ARGV: bot, max, bot, max, … in order of preference.
    private static final String TAKE = """
            for i = 1, #ARGV, 2 do
              local held = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
              if held < tonumber(ARGV[i + 1]) then
                redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
                return ARGV[i]
              end
            end
            return false
            """;

    private static final String RELEASE = """
            local held = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if held < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
            return held
            """;

    private final RedissonClient redis;
    private final RedisSettings settings;

    SessionCapacity(RedissonClient redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** Candidates per script call: a full first page rarely happens, and a short argument list keeps Redis fast. */
    private static final int PAGE = 32;

    /** Takes a seat at the first candidate with room; the bot, or empty when every one is full. */
    Optional<String> take(String tenantId, List<Candidate> candidates) {
        for (int from = 0; from < candidates.size(); from += PAGE) {
            List<Object> args = new ArrayList<>();
            for (Candidate candidate : candidates.subList(from, Math.min(candidates.size(), from + PAGE))) {
                args.add(candidate.botId());
                args.add(Integer.toString(candidate.maxSessions()));
            }
            String bot = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, TAKE,
                    RScript.ReturnType.VALUE, List.of(key(tenantId)), args.toArray());
            if (bot != null) {
                return Optional.of(bot);
            }
        }
        return Optional.empty();
    }

    void release(String tenantId, String botId) {
        redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, RELEASE, RScript.ReturnType.LONG,
                List.of(key(tenantId)), botId);
    }

    /** The bot holds no seats (it went offline and its sessions were taken from it). */
    void clear(String tenantId, String botId) {
        redis.getMap(key(tenantId), StringCodec.INSTANCE).fastRemove(botId);
    }

    /** The next turn of a group's weighted round robin, shared by every replica. */
    long nextTurn(String tenantId, @org.jspecify.annotations.Nullable String group) {
        return redis.getAtomicLong(settings.key("routing:turn:" + tenantId + ":" + (group == null ? "*" : group)))
                .incrementAndGet();
    }

    /** Sessions held per bot of the tenant now. */
    Map<String, Integer> loads(String tenantId) {
        Map<String, String> raw = redis.<String, String>getMap(key(tenantId), StringCodec.INSTANCE).readAllMap();
        Map<String, Integer> loads = new java.util.HashMap<>();
        raw.forEach((bot, held) -> loads.put(bot, Integer.parseInt(held)));
        return loads;
    }

    private String key(String tenantId) {
        return settings.key("routing:sessions-held:" + tenantId);
    }
}
