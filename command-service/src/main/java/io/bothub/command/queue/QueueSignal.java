package io.bothub.command.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * Wakes this replica's dispatcher and waiting pulls when work may have appeared, so a command does not wait out a
 * poll interval. Other replicas find the work on their next poll.
 *
 * <p>Most work appears for bots this replica knows by name (a command queued here, a bot freed by a delivery that
 * failed): {@link #wakeFor} keeps those bots so the dispatcher looks at them alone, a few index lookups, instead of
 * a round over every bot of every tenant for each command. {@link #wake} asks for such a full round (work whose bots
 * are not known here: a sweep that took commands back, a retried command).
 */
@Component
public class QueueSignal {

    /** A bot that may have a command ready. */
    public record Bot(String tenantId, String botId) {
    }

    /** What woke the dispatcher since it last looked: bots by name, and whether a full round was asked for. */
    public record Work(List<Bot> bots, boolean fullRound) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Bot> bots = new LinkedHashSet<>();
    /** The generation of each bot's last wake-up: one entry per bot this replica has been woken for. */
    private final Map<Bot, Long> wokenAt = new HashMap<>();
    private boolean fullRound;
    private long generation;

    /** Work may be ready for bots this replica cannot name: the dispatcher looks at every bot. */
    public void wake() {
        lock.lock();
        try {
            fullRound = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Work may be ready for these bots. */
    public void wakeFor(String tenantId, Collection<String> botIds) {
        wakeFor(botIds.stream().map(botId -> new Bot(tenantId, botId)).toList());
    }

    /** Work may be ready for these bots. */
    public void wakeFor(Iterable<Bot> ready) {
        lock.lock();
        try {
            generation++;
            for (Bot bot : ready) {
                bots.add(bot);
                wokenAt.put(bot, generation);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bots named and the full rounds asked for since the last call, which forgets them. */
    public Work takeWork() {
        lock.lock();
        try {
            Work work = new Work(new ArrayList<>(bots), fullRound);
            bots.clear();
            fullRound = false;
            return work;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the dispatcher again for those of {@code candidates} woken for after generation {@code seen}: work may
     * have been queued for them since then, while they could not be taken.
     */
    public void wakeAgainIfWokenSince(long seen, Collection<Bot> candidates) {
        List<Bot> again = new ArrayList<>();
        lock.lock();
        try {
            for (Bot bot : candidates) {
                if (wokenAt.getOrDefault(bot, Long.MIN_VALUE) > seen) {
                    again.add(bot);
                }
            }
        } finally {
            lock.unlock();
        }
        if (!again.isEmpty()) {
            wakeFor(again);
        }
    }

    /** The current generation, to pass to {@link #awaitAfter} or {@link #wakeAgainIfWokenSince}. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken after {@code seen}, or for {@code millis}. */
    public void awaitAfter(long seen, long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (generation == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
