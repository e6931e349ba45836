package io.bothub.task.tasks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.bothub.support.redis.RedisSettings;

/**
 * Wakes the pulls waiting for one bot when a task was assigned to it, on every replica: at once on this one, and
 * on the others through a Redis channel, so the bot gets the task without waiting out a poll interval wherever its
 * pull waits. Only that bot's pulls wake (waking every waiting pull for every assignment made each of them query the
 * database for nothing). The channel is best effort: a lost message costs the bot at most one poll interval.
 */
@Component
public class TaskSignal {

    private static final Logger log = LoggerFactory.getLogger(TaskSignal.class);
    private static final char SEPARATOR = '\u0000';

    private static final class Bell {
        final ReentrantLock lock = new ReentrantLock();
        final Condition rung = lock.newCondition();
        long generation;
    }

    // One bell per bot that has pulled or been assigned on this replica: bounded by the fleet's size.
    private final ConcurrentHashMap<String, Bell> bells = new ConcurrentHashMap<>();
    private final RTopic channel;

    TaskSignal(RedissonClient redis, RedisSettings settings) {
        channel = redis.getTopic(settings.key("task-assigned"), StringCodec.INSTANCE);
        channel.addListener(String.class, (name, key) -> ring(key));
    }

    /** Rings the bot's bell here and on every other replica. */
    public void wake(String tenantId, String botId) {
        String key = tenantId + SEPARATOR + botId;
        ring(key);
        channel.publishAsync(key).whenComplete((receivers, failure) -> {
            if (failure != null) {
                log.debug("could not tell other replicas of an assignment to {}: {}", botId, failure.toString());
            }
        });
    }

    private void ring(String key) {
        Bell bell = bells.computeIfAbsent(key, k -> new Bell());
        bell.lock.lock();
        try {
            bell.generation++;
            bell.rung.signalAll();
        } finally {
            bell.lock.unlock();
        }
    }

    private Bell bell(String tenantId, String botId) {
        return bells.computeIfAbsent(tenantId + SEPARATOR + botId, k -> new Bell());
    }

    /** The bot's current generation, to pass to {@link #awaitAfter}. */
    public long generation(String tenantId, String botId) {
        Bell bell = bell(tenantId, botId);
        bell.lock.lock();
        try {
            return bell.generation;
        } finally {
            bell.lock.unlock();
        }
    }

    /** Waits until the bot's bell rings after {@code seen}, or for {@code millis}. */
    public void awaitAfter(String tenantId, String botId, long seen, long millis) throws InterruptedException {
        Bell bell = bell(tenantId, botId);
        bell.lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (bell.generation == seen && nanos > 0) {
                nanos = bell.rung.awaitNanos(nanos);
            }
        } finally {
            bell.lock.unlock();
        }
    }
}
