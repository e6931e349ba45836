package io.bothub.support.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves committed outbox events to Kafka. A row leaves the outbox only after the broker acknowledged its event
 * ({@code acks=all}): deleted, or marked published and deleted later when {@link OutboxSettings#keepPublished()} asks
 * to keep rows for inspection. A failed send leaves the row pending with its attempt count, last error and next
 * attempt time, where it stays visible and is tried again with exponential backoff.
 *
 * <p>Several replicas of a service may run relays against the same database: a transaction-scoped PostgreSQL
 * advisory lock lets one relay work at a time, which keeps each key's events in the order they were written.
 * A commit wakes the relay at once; otherwise it polls.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: the advisory lock every relay of one service database agrees on. */
    private static final long RELAY_LOCK = 0x0B07_4B0B_0001L;
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaOperations<String, Object> kafka;
    private final OutboxSettings settings;
    private final Counter published;
    private final Counter failed;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Semaphore wakeUps = new Semaphore(0);

    private volatile boolean running;
    private @Nullable Thread worker;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaOperations<String, Object> kafka,
            OutboxSettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.settings = settings;
        this.published = meters.counter("bothub.outbox.published");
        this.failed = meters.counter("bothub.outbox.send.failures");
        meters.gauge("bothub.outbox.pending", this, OutboxRelay::pendingCount);
    }

    /** Asks the relay to look for events now; called after each commit that added some. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Sends one batch of due events and records the outcome. Returns how many were published; 0 also when
     * another relay holds the lock.
     */
    public int relayOnce() {
        Integer count = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:lock)").param("lock", RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<PendingEvent> batch = jdbc.sql("""
                    select seq, event_id, topic, record_key, headers::text as headers, payload, attempts
                    from outbox_event
                    where published_at is null and next_attempt_at <= now()
                    order by seq
                    limit :limit
                    """).param("limit", settings.batchSize()).query(PendingEvent.class).list();
            return batch.isEmpty() ? 0 : send(batch);
        });
        return count == null ? 0 : count;
    }

    /** Deletes published rows older than {@link OutboxSettings#keepPublished()}. */
    public int deleteOldPublished() {
        return jdbc.sql("delete from outbox_event where published_at < now() - cast(:keep as interval)")
                .param("keep", settings.keepPublished().toSeconds() + " seconds").update();
    }

    private int send(List<PendingEvent> batch) {
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (PendingEvent event : batch) {
            sends.add(sendOne(event));
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            PendingEvent event = batch.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(event.seq());
            } catch (ExecutionException | TimeoutException e) {
                recordFailure(event, e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                recordFailure(event, e);
            }
        }
        if (!acknowledged.isEmpty()) {
            Long[] seqs = acknowledged.toArray(Long[]::new);
            if (settings.keepPublished().isZero()) {
                jdbc.sql("delete from outbox_event where seq = any(:seqs)").param("seqs", seqs).update();
            } else {
                jdbc.sql("update outbox_event set published_at = now(), attempts = attempts + 1, last_error = null "
                        + "where seq = any(:seqs)").param("seqs", seqs).update();
            }
            published.increment(acknowledged.size());
        }
        return acknowledged.size();
    }

    private CompletableFuture<?> sendOne(PendingEvent event) {
        try {
            ProducerRecord<String, Object> record =
                    new ProducerRecord<>(event.topic(), null, event.recordKey(), event.payload());
            json.readValue(event.headers(), HEADERS).forEach((name, value) ->
                    record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            return kafka.send(record);
        } catch (RuntimeException e) {
            // send() itself can throw (metadata timeout, serializer failure); treat it like a failed send.
            return CompletableFuture.failedFuture(e);
        }
    }

    private void recordFailure(PendingEvent event, @Nullable Throwable cause) {
        failed.increment();
        int attempts = event.attempts() + 1;
        Duration backoff = backoff(attempts);
        String error = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        log.warn("Outbox event {} to {} not acknowledged (attempt {}), retrying in {}: {}", event.eventId(),
                event.topic(), attempts, backoff, error);
        jdbc.sql("""
                update outbox_event set attempts = :attempts, last_error = :error,
                       next_attempt_at = now() + cast(:backoff as interval)
                where seq = :seq
                """)
                .param("attempts", attempts)
                .param("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .param("backoff", backoff.toMillis() + " milliseconds")
                .param("seq", event.seq())
                .update();
    }

    private Duration backoff(int attempts) {
        long millis = 1000L << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private double pendingCount() {
        try {
            Long pending = jdbc.sql("select count(*) from outbox_event where published_at is null")
                    .query(Long.class).single();
            return pending == null ? 0 : pending;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void runLoop() {
        long lastCleanup = System.nanoTime();
        while (running) {
            try {
                int sent = relayOnce();
                if (sent < settings.batchSize()) {
                    wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
                // Whatever the setting: rows kept under an earlier, longer one are deleted under this one.
                if (System.nanoTime() - lastCleanup > Duration.ofMinutes(10).toNanos()) {
                    deleteOldPublished();
                    lastCleanup = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay pass failed; will try again: {}", e.toString());
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        if (!settings.relayEnabled() || running) {
            return;
        }
        running = true;
        worker = Thread.ofVirtual().name("outbox-relay").start(this::runLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (so requests in flight still get their events recorded) and before Kafka. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    record PendingEvent(long seq, String eventId, String topic, String recordKey, String headers, byte[] payload,
            int attempts) {
    }
}
