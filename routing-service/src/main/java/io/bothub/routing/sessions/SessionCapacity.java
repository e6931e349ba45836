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

    // Every change to a tenant's seat counts also advances its change counter (KEYS[2]), so a replica that knows the
    // counts as of one value of the counter knows they are still the same while it has not moved (see countsSince).
    // A missing counter starts from the clock (microseconds), not 0: counts deleted and made again never come back
    // with a value a replica saw before.
    private static final String CHANGE = """
            local function changed()
              if redis.call('EXISTS', KEYS[2]) == 0 then
                local now = redis.call('TIME')
                redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
              end
              redis.call('INCR', KEYS[2])
              return redis.call('GET', KEYS[2]) -- as Redis spells it: a Lua number prints 16 digits in exponent form
            end
            """;

    // KEYS[1]: the tenant's load hash, KEYS[2] its change counter. ARGV, for each session in turn: n, then n pairs bot,
    // max in order of preference. Returns the counter before and after, then the bot seated per session, '' for none.
    // The sessions are seated one after the other within one atomic step, so each sees the seats the ones before it
    // took, exactly as separate calls in the same order would.
    private static final String TAKE_EACH = CHANGE + """
            local before = redis.call('GET', KEYS[2]) or ''
            local seated = {before, before}
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
            for k = 3, #seated do
              if seated[k] ~= '' then
                seated[2] = changed()
                break
              end
            end
            return seated
            """;

    private static final String RELEASE = CHANGE + """
            local held = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if held < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
            changed()
            return held
            """;

    private static final String CLEAR = CHANGE + """
            redis.call('HDEL', KEYS[1], ARGV[1])
            changed()
            return 0
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
        return takeEachCounted(tenantId, candidatesPerSession).bots();
    }

    /**
     * The seats {@link #takeEach} took, and the tenant's change counter just before and just after: counts known as
     * of {@code before} plus these seats are the counts as of {@code after}.
     */
    record Seated(List<Optional<String>> bots, String before, String after) {
    }

    /** {@link #takeEach}, with the change counter around it. */
    Seated takeEachCounted(String tenantId, List<List<Candidate>> candidatesPerSession) {
        List<Object> args = new ArrayList<>();
        for (List<Candidate> candidates : candidatesPerSession) {
            args.add(Integer.toString(candidates.size()));
            for (Candidate candidate : candidates) {
                args.add(candidate.botId());
                args.add(Integer.toString(candidate.maxSessions()));
            }
        }
        List<String> seated = redis.getScript(StringCodec.INSTANCE).eval(key(tenantId), RScript.Mode.READ_WRITE,
                TAKE_EACH, RScript.ReturnType.LIST, keys(tenantId), args.toArray());
        return new Seated(seated.subList(2, seated.size()).stream().map(bot -> Optional.of(bot).filter(b -> !b.isEmpty()))
                .toList(), seated.get(0), seated.get(1));
    }

    void release(String tenantId, String botId) {
        redis.getScript(StringCodec.INSTANCE).eval(key(tenantId), RScript.Mode.READ_WRITE, RELEASE,
                RScript.ReturnType.LONG, keys(tenantId), botId);
    }

    /** The bot holds no seats (it went offline and its sessions were taken from it). */
    void clear(String tenantId, String botId) {
        redis.getScript(StringCodec.INSTANCE).eval(key(tenantId), RScript.Mode.READ_WRITE, CLEAR,
                RScript.ReturnType.LONG, keys(tenantId), botId);
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

    // KEYS[1]: the tenant's load hash, KEYS[2] its change counter; ARGV[1] the counter as the caller knows it. Nothing
    // but the counter while it has not moved; otherwise the counter, a newline and the whole hash as one JSON array
    // [bot, held, bot, held, …]: one reply to read instead of two per bot, which for a fleet of thousands is most of
    // what reading the counts costs a client (cjson is also cheaper for Redis than building the string in Lua); an
    // empty hash encodes as {}. A missing counter (no change ever, or the counts deleted) always sends the hash.
    private static final String COUNTS_SINCE = """
            local now = redis.call('GET', KEYS[2])
            if now and now == ARGV[1] then return now end
            return (now or '') .. '\\n' .. cjson.encode(redis.call('HGETALL', KEYS[1]))
            """;

    /**
     * A tenant's seat counts as of {@code version} of its change counter: {@code held} is null when they are still
     * those the caller knew.
     */
    record Counts(String version, @org.jspecify.annotations.Nullable Map<String, Integer> held) {
    }

    /**
     * The tenant's seat counts, read whole only when they changed since {@code knownVersion} (null: not known): a
     * replica that follows its own seats ({@link #takeEachCounted}) reads a fleet's counts again only after some other
     * change, not once per batch.
     */
    java.util.concurrent.CompletionStage<Counts> countsSince(String tenantId,
            @org.jspecify.annotations.Nullable String knownVersion) {
        return redis.getScript(ByteArrayCodec.INSTANCE).<byte[]>evalAsync(key(tenantId), RScript.Mode.READ_ONLY,
                COUNTS_SINCE, RScript.ReturnType.VALUE, keys(tenantId),
                        (Object) (knownVersion == null ? "" : knownVersion).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .thenApply(reply -> {
                    int newline = indexOf(reply, (byte) '\n');
                    if (newline < 0) {
                        return new Counts(new String(reply, java.nio.charset.StandardCharsets.US_ASCII), null);
                    }
                    return new Counts(new String(reply, 0, newline, java.nio.charset.StandardCharsets.US_ASCII),
                            parseLoads(java.util.Arrays.copyOfRange(reply, newline + 1, reply.length)));
                });
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
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
        redis.getKeys().delete(key(erased.tenantId()), changes(erased.tenantId()));
        redis.getKeys().deleteByPattern(settings.keysStartingWith(TURNS + erased.tenantId() + ":"));
    }

    private String key(String tenantId) {
        return settings.key("routing:sessions-held:" + tenantId);
    }

    private String changes(String tenantId) {
        return settings.key("routing:sessions-held-changes:" + tenantId);
    }

    private List<Object> keys(String tenantId) {
        return List.of(key(tenantId), changes(tenantId));
    }
}
