package io.bothub.bot.liveness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import io.bothub.bot.registry.BotKey;
import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.support.redis.RedisSettings;

/**
 * The fleet's live state in Redis: each bot's latest load and status, and a sorted set of the moments by which
 * each bot must beat again. Both scripts run atomically in Redis, which is what makes status transitions
 * race-free across replicas.
 */
@Component
class LiveFleet {

    private final RedissonClient redis;
    private final RedisSettings settings;
    private final String deadlines;
    private final String pending;
    private final String livePrefix;
    private final String heartbeatScript = script("lua/heartbeat.lua");
    private final String expireScript = script("lua/expire.lua");
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    LiveFleet(RedissonClient redis, RedisSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.deadlines = settings.key("bot:deadlines");
        this.pending = settings.key("bot:pending-offline");
        this.livePrefix = settings.key("bot:live:");
    }

    /**
     * Runs a script by its SHA, so the hot path does not send the script's text each time; a Redis that lost its
     * script cache (a restart) answers NOSCRIPT, and the script is sent once in full.
     */
    private List<Object> run(String script, List<Object> keys, Object... args) {
        RScript scripts = redis.getScript(StringCodec.INSTANCE);
        String sha = shas.computeIfAbsent(script, scripts::scriptLoad);
        try {
            return scripts.evalSha(RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LIST, keys, args);
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            shas.remove(script);
            return scripts.eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LIST, keys, args);
        }
    }

    /** What a beat did: the status change it caused, if any, and how many commands wait for the bot. */
    record Beat(Optional<StatusTransition> change, int pendingCommands) {
    }

    /** Records a beat, and reads the bot's pending commands ({@link PendingWork}) in the same script. */
    Beat beat(BotKey bot, Instant deadline, HeartbeatReport report, Instant now) {
        String member = member(bot);
        List<Object> result = run(heartbeatScript, List.of(deadlines, livePrefix + member, PendingWork.key(settings, bot.tenantId())),
                member, Long.toString(deadline.toEpochMilli()), report.statusOrOnline(),
                Double.toString(report.currentLoadOrZero()), Integer.toString(report.activeTasksOrZero()),
                Integer.toString(report.activeSessionsOrZero()), String.valueOf(report.cpuPercent()),
                String.valueOf(report.memoryPercent()), String.valueOf(report.version()),
                Long.toString(now.toEpochMilli()), bot.botId());
        int pending = Integer.parseInt((String) result.get(0));
        if (result.size() < 3) {
            return new Beat(Optional.empty(), pending);
        }
        return new Beat(Optional.of(new StatusTransition(bot, (String) result.get(1), report.statusOrOnline(),
                Long.parseLong((String) result.get(2)))), pending);
    }

    /**
     * Takes the bots whose deadline has passed, marking each offline; each is returned to one caller only, who
     * must {@link #acknowledge} it once the change is stored. A bot not acknowledged within {@code lease} (its
     * taker died) is returned again.
     */
    List<StatusTransition> expire(Instant now, int limit, java.time.Duration lease) {
        List<Object> result = run(expireScript, List.of(deadlines, pending), Long.toString(now.toEpochMilli()),
                Integer.toString(limit), livePrefix, Long.toString(lease.toMillis()));
        List<StatusTransition> expired = new ArrayList<>();
        for (int i = 0; result != null && i + 2 < result.size(); i += 3) {
            expired.add(new StatusTransition(bot((String) result.get(i)), (String) result.get(i + 1), "offline",
                    Long.parseLong((String) result.get(i + 2))));
        }
        return expired;
    }

    /** The offline change of {@code bot} is stored; it need not be handed out again. */
    void acknowledge(BotKey bot) {
        redis.getScoredSortedSet(pending, StringCodec.INSTANCE).remove(member(bot));
    }

    /**
     * Removes every trace of a deleted tenant's fleet from Redis: its bots' deadlines (so no offline change is
     * raised for a bot that no longer exists), their live load and status, and its pending-work counts.
     */
    @EventListener
    void on(TenantDataDeletion.TenantErased erased) {
        String prefix = erased.tenantId() + "/";
        String members = RedisSettings.literal(prefix) + "*";
        for (String set : List.of(deadlines, pending)) {
            RScoredSortedSet<String> scored = redis.getScoredSortedSet(set, StringCodec.INSTANCE);
            List<String> gone = new ArrayList<>();
            scored.iterator(members).forEachRemaining(gone::add);
            if (!gone.isEmpty()) {
                scored.removeAll(gone);
            }
        }
        redis.getKeys().deleteByPattern(settings.keysStartingWith("bot:live:" + prefix));
        redis.getKeys().delete(PendingWork.key(settings, erased.tenantId()));
    }

    private static String member(BotKey bot) {
        return bot.tenantId() + "/" + bot.botId();
    }

    private static BotKey bot(String member) {
        int slash = member.lastIndexOf('/');
        return new BotKey(member.substring(0, slash), member.substring(slash + 1));
    }

    private static String script(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
