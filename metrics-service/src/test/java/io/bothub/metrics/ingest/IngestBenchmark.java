package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * exactly, per bot and window, against what was sent. Prints figures; asserts nothing about speed. A first, smaller
 * backlog ({@code bench.warmup}, 0 for none) runs the same way on the cold JVM before the measured one.
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
        int bots = Integer.getInteger("bench.bots", 1000);
        int warmup = Integer.getInteger("bench.warmup", 100_000);
        if (warmup > 0) {
            // A freshly started JVM spends most of its first backlog compiling the ingest path (JIT) rather than
            // running it; the first pass shows that, the second what the running service does.
            ingestBacklog("cold JVM (warm-up)", warmup, bots);
        }
        ingestBacklog("warm JVM", Integer.getInteger("bench.events", 300_000), bots);
    }

    private void ingestBacklog(String pass, int total, int bots) throws Exception {
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

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        // The consumer threads' own CPU, apart from the in-JVM broker, the JIT compiler and the garbage collector,
        // which share the process figure: the part that is the service's ingest code.
        Map<Long, Long> consumerCpuBefore = consumerThreadCpu();
        long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gcBefore = gcMillis();
        var timer = meters.get("bothub.metrics.ingest.batch").timer();
        var sizes = meters.get("bothub.metrics.ingest.batch.size").summary();
        long batchesBefore = timer.count();
        double applyingBefore = timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
        double recordsBefore = sizes.totalAmount();
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
        Map<Long, Long> consumerCpuAfter = consumerThreadCpu();
        double consumerSeconds = consumerCpuAfter.entrySet().stream()
                .mapToLong(e -> e.getValue() - consumerCpuBefore.getOrDefault(e.getKey(), 0L)).sum() / 1e9;
        double compilingSeconds = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore) / 1e3;
        double gcSeconds = (gcMillis() - gcBefore) / 1e3;

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

        System.out.printf("%nIngestBenchmark, %s: %,d events (%,d bots, %,d in-flight pairs waiting at the end of "
                        + "counting) queued in %.1f s (%,.0f/s produced); ingested in %.2f s = %,.0f events/s, every "
                        + "bucket exact%n%n", pass, sent, bots, pairs, produceSeconds, sent / produceSeconds, seconds,
                sent / seconds);
        System.out.printf("test JVM (service and in-JVM broker) used %.1f CPU-seconds while ingesting: %,.0f events per "
                + "CPU-second; system load average %.1f on %d cores%n", cpuSeconds, sent / cpuSeconds,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
        System.out.printf("of which the %d ingest consumer threads %.1f CPU-seconds (%,.0f events per CPU-second); "
                        + "JIT compiling %.1f s, garbage collection %.1f s (pauses and collections, wall)%n",
                consumerCpuAfter.size(), consumerSeconds, sent / consumerSeconds, compilingSeconds, gcSeconds);
        long batches = timer.count() - batchesBefore;
        System.out.printf("batches: %d, mean %.0f records, mean %.1f ms to apply%n%n", batches,
                (sizes.totalAmount() - recordsBefore) / batches,
                (timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) - applyingBefore) / batches);
    }

    /** CPU time so far of each ingest consumer thread (the container names them after its bean, metrics-ingest). */
    private static Map<Long, Long> consumerThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("metrics-ingest-")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
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
