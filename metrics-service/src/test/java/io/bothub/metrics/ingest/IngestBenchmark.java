package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.testsupport.WithRealInfrastructure;

/**
 * How many events per second metrics-service folds into its buckets. A backlog of {@code bench.events} events
 * (heartbeats, commands sent and acknowledged or failed, callbacks, tasks, sessions) for {@code bench.bots} bots,
 * spread over the last ten minutes, is queued on the in-JVM broker while ingestion is paused; then ingestion
 * resumes and the clock runs until every event is reflected in the buckets. Afterwards every count is checked
 * exactly, per bot and window, against what was sent. Prints figures; asserts nothing about speed.
 *
 * <pre>./mvnw -B -q -pl metrics-service -am verify -Dtest=IngestBenchmark -Dbothub.excludedGroups=none \
 *   -Dgroups=benchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events=300000 -Dbench.bots=1000</pre>
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the production defaults, not the tests' quick ticks
        "bothub.metrics.health.tick=1s", "bothub.metrics.health.min-interval=10s",
        "bothub.metrics.health.max-interval=2m", "bothub.metrics.alerts.tick=2s"})
@WithRealInfrastructure
class IngestBenchmark {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @Autowired EventIngestion ingestion;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void ingestsABacklogKeepingEveryWindowExact() throws Exception {
        int total = Integer.getInteger("bench.events", 300_000);
        int bots = Integer.getInteger("bench.bots", 1000);
        String tenant = "bench-" + UUID.randomUUID();
        URI source = URI.create("/bothub/benchmark");
        Instant now = Instant.now();

        for (int b = 0; b < bots; b++) {
            send(EventEnvelope.of(source, tenant, null, new BotRegistered("bot-" + b, "bot " + b, "g" + (b % 10),
                    List.of("chat"), 20, 100, null, now)));
        }
        kafka.flush();
        awaitCount("bots registered", "select count(*) from bot where tenant_id = :t", tenant, bots);
        Thread.sleep(500);

        ingestion.pause();
        Thread.sleep(2000); // the current poll ends
        long[] expected = new long[6]; // heartbeats, callbacks, successes, failures, responses, sessions
        long producing = System.nanoTime();
        List<EventEnvelope<BotHubEvent>> batch = new ArrayList<>();
        int sent = 0;
        for (int i = 0; sent < total; i++) {
            String bot = "bot-" + (i % bots);
            // in time order over the last ten minutes, as a backlog sits in Kafka
            Instant at = now.minus(Duration.ofMinutes(10)).plusMillis(600_000L * i / total);
            switch (i % 10) {
                case 0, 1, 2, 3 -> {
                    batch.add(EventEnvelope.of(source, tenant, null,
                            new BotHeartbeat(bot, "online", 0.3, 1, i % 15, 20.0, 40.0, "1.0", at)));
                    expected[0]++;
                }
                case 4 -> {
                    String command = UUID.randomUUID().toString();
                    batch.add(EventEnvelope.of(source, tenant, null, new CommandStatusChanged(command, bot,
                            "send_message", null, "queued", "sent", 1, "delivered", Map.of(), at.minusMillis(120))));
                    boolean ok = i % 50 != 4;
                    batch.add(EventEnvelope.of(source, tenant, null, new CommandStatusChanged(command, bot,
                            "send_message", null, "sent", ok ? "acknowledged" : "failed", 1, "answered",
                            Map.of(), at)));
                    expected[ok ? 2 : 3]++;
                    expected[4]++;
                }
                case 5, 6 -> {
                    batch.add(EventEnvelope.of(source, tenant, null, new CallbackReceived("cb-" + i, bot, "message",
                            "text", Map.of("text", "hi"), at)));
                    expected[1]++;
                }
                case 7, 8 -> {
                    batch.add(EventEnvelope.of(source, tenant, null, new TaskStatusChanged("t-" + i, bot, "running",
                            "completed", "done", null, Map.of(), at)));
                    expected[2]++;
                }
                default -> {
                    batch.add(EventEnvelope.of(source, tenant, null, new SessionAssigned("s-" + i, bot, null, null,
                            "normal", "least-sessions", 0, at)));
                    expected[5]++;
                }
            }
            sent = sentSoFar(sent, batch);
        }
        kafka.flush();
        double produceSeconds = (System.nanoTime() - producing) / 1e9;

        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        ingestion.resume();
        String sum = "select coalesce(sum(heartbeats + callbacks + successes + failures + sessions_opened), 0) "
                + "from bot_minute where tenant_id = :t";
        long reflectedTarget = expected[0] + expected[1] + expected[2] + expected[3] + expected[5];
        awaitCount("all events reflected", sum, tenant, reflectedTarget);
        long pairs = jdbc.sql("select count(*) from command_in_flight where tenant_id = :t").param("t", tenant)
                .query(Long.class).single();
        awaitCount("every command answered", "select coalesce(sum(responses), 0) from bot_minute where tenant_id = :t",
                tenant, expected[4]);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;

        // Exact: totals per column, minute and hour tables alike, and nothing waiting for an answer.
        for (String table : List.of("bot_minute", "bot_hour")) {
            long[] got = jdbc.sql("select coalesce(sum(heartbeats), 0), coalesce(sum(callbacks), 0), "
                            + "coalesce(sum(successes), 0), coalesce(sum(failures), 0), coalesce(sum(responses), 0), "
                            + "coalesce(sum(sessions_opened), 0) from " + table + " where tenant_id = :t")
                    .param("t", tenant).query((rs, r) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6)}).single();
            assertThat(got).as(table).containsExactly(expected);
        }
        assertThat(jdbc.sql("select count(*) from command_in_flight where tenant_id = :t").param("t", tenant)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select coalesce(sum(response_ms_sum), 0) from bot_minute where tenant_id = :t")
                .param("t", tenant).query(Long.class).single()).isEqualTo(expected[4] * 120);

        System.out.printf("%nIngestBenchmark: %,d events (%,d bots, %,d in-flight pairs waiting at the end of "
                        + "counting) queued in %.1f s (%,.0f/s produced); ingested in %.2f s = %,.0f events/s, every "
                        + "bucket exact%n%n", sent, bots, pairs, produceSeconds, sent / produceSeconds, seconds,
                sent / seconds);
        System.out.printf("test JVM (service and in-JVM broker) used %.1f CPU-seconds while ingesting: %,.0f events per "
                + "CPU-second; system load average %.1f on %d cores%n", cpuSeconds, sent / cpuSeconds,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
        var timer = meters.get("bothub.metrics.ingest.batch").timer();
        System.out.printf("batches: %d, mean %.0f records, mean %.1f ms to apply, max %.1f ms%n%n", timer.count(),
                meters.get("bothub.metrics.ingest.batch.size").summary().mean(),
                timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS), timer.max(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private int sentSoFar(int sent, List<EventEnvelope<BotHubEvent>> batch) {
        for (EventEnvelope<BotHubEvent> envelope : batch) {
            send(envelope);
        }
        int n = sent + batch.size();
        batch.clear();
        return n;
    }

    private void send(EventEnvelope<BotHubEvent> envelope) {
        kafka.send(envelope.topic(), envelope.key(), envelope);
    }

    private void awaitCount(String what, String sql, String tenant, long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long got;
        while ((got = jdbc.sql(sql).param("t", tenant).query(Long.class).single()) < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + got + " of " + target);
            }
            Thread.sleep(250);
        }
        assertThat(got).as(what).isEqualTo(target);
    }
}
