package io.bothub.routing.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.support.redis.RedisSettings;
import tools.jackson.databind.json.JsonMapper;

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

    // KEYS[1]: the tenant's load hash. ARGV, for each session in turn: n, then n pairs bot, max in order of preference.
    // Returns the bot seated per session, '' for none. The sessions are seated one after the other within one atomic
    // step, so each sees the seats the ones before it took, exactly as separate calls in the same order would.
    private static final String TAKE_EACH = """
            local seated = {}
            local i = 1
            while i <= #ARGV do
              local n = tonumber(ARGV[i])
              local bot = ''
              for j = i + 1, i + 2 * n, 2 do
                local held = tonumber(redis.call('HGET', KEYS[1], ARGV[j]) or '0')
                if held < tonumber(ARGV[j + 1]) then
                  redis.call('HINCRBY', KEYS[1], ARGV[j], 1)
                  bot = ARGV[j]
                  break
                end
              end
              seated[#seated + 1] = bot
              i = i + 1 + 2 * n
            end
            return seated
            """;

    private static final String RELEASE = """
            local held = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if held < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
            return held
            """;

    /** Key prefix of the weighted-round-robin turn counters: {@code routing:turn:<tenant>:<group or *>}. */
    private static final String TURNS = "routing:turn:";

    private final RedissonClient redis;
    private final RedisSettings settings;
    private final JsonMapper json = JsonMapper.builder().build();

    SessionCapacity(RedissonClient redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /** Candidates per script call: a full first page rarely happens, and a short argument list keeps Redis fast. */
    static final int PAGE = 32;

    /** Takes a seat at the first candidate with room; the bot, or empty when every one is full. */
    Optional<String> take(String tenantId, List<Candidate> candidates) {
        for (int from = 0; from < candidates.size(); from += PAGE) {
            Optional<String> bot = takeEach(tenantId,
                    List.of(candidates.subList(from, Math.min(candidates.size(), from + PAGE)))).getFirst();
            if (bot.isPresent()) {
                return bot;
            }
        }
        return Optional.empty();
    }

    /**
     * Takes a seat for each session in order, each at the first of its candidates with room, all in one round trip:
     * the bot per session, empty when every candidate given for it was full. Give a short first page of candidates per
     * session (the script's arguments grow with them), the rest with {@link #take} for the rare session that found
     * its first page full.
     */
    List<Optional<String>> takeEach(String tenantId, List<List<Candidate>> candidatesPerSession) {
        List<Object> args = new ArrayList<>();
        for (List<Candidate> candidates : candidatesPerSession) {
            args.add(Integer.toString(candidates.size()));
            for (Candidate candidate : candidates) {
                args.add(candidate.botId());
                args.add(Integer.toString(candidate.maxSessions()));
            }
        }
        List<String> seated = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, TAKE_EACH,
                RScript.ReturnType.LIST, List.of(key(tenantId)), args.toArray());
        return seated.stream().map(bot -> Optional.of(bot).filter(b -> !b.isEmpty())).toList();
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
        return nextTurns(tenantId, group, 1);
    }

    /** The next {@code count} turns of a group's weighted round robin, as separate calls of {@link #nextTurn} would. */
    long nextTurns(String tenantId, @org.jspecify.annotations.Nullable String group, int count) {
        return redis.getAtomicLong(settings.key(TURNS + tenantId + ":" + (group == null ? "*" : group)))
                .addAndGet(count) - count + 1;
    }

    /** Sessions held per bot of the tenant now. */
    Map<String, Integer> loads(String tenantId) {
        Map<String, String> raw = redis.<String, String>getMap(key(tenantId), StringCodec.INSTANCE).readAllMap();
        Map<String, Integer> loads = new java.util.HashMap<>();
        raw.forEach((bot, held) -> loads.put(bot, Integer.parseInt(held)));
        return loads;
    }

    // KEYS[1]: the tenant's load hash. The whole hash as one JSON array [bot, held, bot, held, …]: one reply to read
    // instead of two per bot, which for a fleet of thousands is most of what reading the counts costs a client (cjson
    // is also cheaper for Redis than building the string in Lua). An empty hash encodes as {}.
    private static final String LOADS = "return cjson.encode(redis.call('HGETALL', KEYS[1]))";

    /** {@link #loads}, read without waiting for it. */
    java.util.concurrent.CompletionStage<Map<String, Integer>> loadsAsync(String tenantId) {
        return redis.getScript(ByteArrayCodec.INSTANCE).<byte[]>evalAsync(key(tenantId), RScript.Mode.READ_ONLY, LOADS,
                RScript.ReturnType.VALUE, List.of(key(tenantId))).thenApply(this::parseLoads);
    }

    Map<String, Integer> parseLoads(byte @org.jspecify.annotations.Nullable [] encoded) {
        if (encoded == null || encoded.length == 0 || encoded[0] != '[') {
            return new java.util.HashMap<>();
        }
        String[] pairs = json.readValue(encoded, String[].class);
        Map<String, Integer> loads = new java.util.HashMap<>(pairs.length); // half full: no resizing on the way
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            loads.put(pairs[i], Integer.parseInt(pairs[i + 1]));
        }
        return loads;
    }

    /** A deleted tenant's seat counts and round-robin turns leave Redis with its rows, instead of expiring never. */
    @EventListener
    void on(TenantDataDeletion.TenantErased erased) {
        redis.getKeys().delete(key(erased.tenantId()));
        redis.getKeys().deleteByPattern(settings.keysStartingWith(TURNS + erased.tenantId() + ":"));
    }

    private String key(String tenantId) {
        return settings.key("routing:sessions-held:" + tenantId);
    }
}
