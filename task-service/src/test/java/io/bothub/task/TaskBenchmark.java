package io.bothub.task;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.task.TaskRouted;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Tasks from creation to completion by simulated pull bots, against task-service on real PostgreSQL and Kafka:
 * tasks are created at a fixed rate (open loop, at most 128 creations in flight), each latency measured from the
 * moment the task was due, to the bot's completion report being accepted, after an unmeasured warm-up at the
 * same rate. {@code bench.mode=chosen} names a bot
 * in each task (assigned at creation); {@code routed} leaves the choice to routing, simulated here by a consumer of
 * task.created that answers with TaskRouted round robin, so the Kafka round trip is in the figure.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl task-service -am verify -Dbothub.excludedGroups=none -Dgroups=benchmark -Dtest=TaskBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rate=100 -Dbench.seconds=20  -Dbench.bots=20 -Dbench.mode=chosen -Dbench.warmup=10
 * }</pre>
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
// The production pool (the platform default), not the test contexts' small one.
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=10")
class TaskBenchmark {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final int rate = Integer.getInteger("bench.rate", 100);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int botCount = Integer.getInteger("bench.bots", 20);
    private final String mode = System.getProperty("bench.mode", "chosen");
    private final int warmup = Integer.getInteger("bench.warmup", 10);

    @Test
    void tasksFromCreationToCompletion() throws Exception {
        Desk desk = new Desk("bench-" + UUID.randomUUID(), kafka, jdbc, port);
        List<String> bots = new ArrayList<>();
        for (int i = 0; i < botCount; i++) {
            bots.add("bot-" + i);
            desk.bot("bot-" + i, "work");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> createLatencies = new ConcurrentLinkedQueue<>();
        AtomicInteger createFailures = new AtomicInteger();
        AtomicInteger reportFailures = new AtomicInteger();
        List<Thread> botThreads = new ArrayList<>();
        for (String bot : bots) {
            botThreads.add(Thread.ofVirtual().start(() -> work(desk, bot, running, latencies, reportFailures)));
        }
        Thread router = mode.equals("routed") ? Thread.ofVirtual().start(() -> route(desk, bots, running)) : null;
        if (router != null) {
            Thread.sleep(3000); // the simulated router's consumer joins its group
        }

        // Warm-up: the same load, unmeasured, so the JIT and the connection pools are warm when measuring starts.
        AtomicInteger warmupFailures = new AtomicInteger();
        create(desk, bots, warmup, false, new ConcurrentLinkedQueue<>(), warmupFailures);
        Desk.await("warm-up tasks done", () -> jdbc.sql("select count(*) from task where tenant_id = :t and status <> 'completed'")
                .param("t", desk.tenant).query(Integer.class).single() == 0, Duration.ofSeconds(120));
        int total = rate * seconds;
        long start = create(desk, bots, seconds, true, createLatencies, createFailures);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (latencies.size() + createFailures.get() + reportFailures.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long elapsed = System.nanoTime() - start;
        running.set(false);
        for (Thread t : botThreads) {
            t.join(Duration.ofSeconds(10));
        }
        if (router != null) {
            router.join(Duration.ofSeconds(5));
        }

        long[] done = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] creates = createLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%nTaskBenchmark (%s, %d bots): target %d tasks/s for %d s = %d tasks after a %d s warm-up, at %s%n",
                mode, botCount, rate, seconds, total, warmup, Instant.now());
        System.out.printf("  completed %d of %d (create failures %d, report failures %d) in %.1f s: %.1f tasks/s%n",
                done.length, total, createFailures.get(), reportFailures.get(), elapsed / 1e9, done.length / (elapsed / 1e9));
        System.out.printf("  creation -> completion: p50 %s, p99 %s, max %s%n", ms(done, 0.50), ms(done, 0.99), ms(done, 1.0));
        System.out.printf("  create call (from due):  p50 %s, p99 %s%n%n", ms(creates, 0.50), ms(creates, 0.99));
    }

    /** Creates tasks at the rate for {@code seconds}, open loop; returns when the last creation answered. */
    private long create(Desk desk, List<String> bots, int seconds, boolean measured, ConcurrentLinkedQueue<Long> createLatencies,
            AtomicInteger createFailures) throws InterruptedException {
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        Semaphore inFlight = new Semaphore(128);
        long start = System.nanoTime();
        try (ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                inFlight.acquire();
                String bot = bots.get(i % bots.size());
                creators.submit(() -> {
                    try {
                        String body = "{\"title\":\"bench\",\"params\":{\"due\":" + due + ",\"measured\":" + measured
                                + "},\"requiredCapabilities\":[\"work\"]"
                                + (mode.equals("chosen") ? ",\"botId\":\"" + bot + "\"" : "") + "}";
                        HttpResponse<String> created = desk.post("/api/v1/tasks", body);
                        createLatencies.add(System.nanoTime() - due);
                        if (created.statusCode() != 201) {
                            createFailures.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return start;
    }

    /** A simulated bot: pull, start, complete, as fast as tasks come. */
    private void work(Desk desk, String bot, AtomicBoolean running, ConcurrentLinkedQueue<Long> latencies,
            AtomicInteger failures) {
        while (running.get()) {
            HttpResponse<String> pulled = desk.pull(bot, 2);
            if (pulled.statusCode() != 200) {
                continue;
            }
            JsonNode task = Desk.JSON.readTree(pulled.body());
            String id = task.get("id").asString();
            long due = task.get("params").get("due").asLong();
            boolean measured = task.get("params").get("measured").asBoolean();
            HttpResponse<String> started = desk.asBot(bot, "POST", "/api/v1/tasks/" + id + "/start", null);
            HttpResponse<String> completed = desk.asBot(bot, "POST", "/api/v1/tasks/" + id + "/complete", "{\"result\":{\"ok\":true}}");
            if (!measured) {
                continue;
            }
            if (started.statusCode() == 200 && completed.statusCode() == 200) {
                latencies.add(System.nanoTime() - due);
            } else {
                failures.incrementAndGet();
            }
        }
    }

    /** Stands in for routing-service: every task announced without a bot is routed round robin. */
    private void route(Desk desk, List<String> bots, AtomicBoolean running) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-router-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_CREATED));
            int next = 0;
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode created = Desk.JSON.readTree(record.value());
                    if (created.get("botId").isNull()) {
                        // Sent without waiting for each acknowledgement, as a real router would batch them.
                        EventEnvelope<BotHubEvent> routed = EventEnvelope.of(URI.create("/bothub/routing-service"), desk.tenant,
                                null, new TaskRouted(record.key(), bots.get(next++ % bots.size()), "round-robin", List.of(),
                                        Instant.now()));
                        kafka.send(routed.topic(), routed.key(), routed);
                    }
                }
            }
        }
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return String.format("%.1f ms", sorted[Math.max(0, index)] / 1e6);
    }
}
