package io.bothub.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the gateway itself costs per authenticated request: bot heartbeats (bot keys, checked with bot-service and
 * remembered; the tenant's standing; the rate-limit count in Redis; the proxied call) against stand-in services
 * that answer at once, from a closed loop of clients in this JVM. Prints requests per second and the CPU time the
 * gateway's threads (Reactor Netty, Redisson, schedulers) spent per request, which holds even on a busy machine
 * where wall-clock figures do not. Asserts nothing about speed.
 *
 * <pre>
 * ./mvnw -B -pl gateway -am verify -Dtest=GatewayOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbothub.excludedGroups=none -Dgroups=benchmark
 * </pre>
 * {@code -Dbench.seconds}, {@code -Dbench.clients}, {@code -Dbench.bots} change the load.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bothub.gateway.auth.key-cache-ttl=30s",
        "bothub.gateway.auth.per-principal-per-minute=100000000",
        "bothub.gateway.auth.per-tenant-per-minute=100000000",
        "logging.level.root=warn"})
class GatewayOverheadBenchmark {

    static final StubService TENANT_SERVICE = new StubService();
    static final StubService BOT_SERVICE = new StubService();

    @LocalServerPort int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("bothub.services.tenant-url", TENANT_SERVICE::url);
        registry.add("bothub.services.bot-url", BOT_SERVICE::url);
        registry.add("bothub.redis.database", () -> "1");
        registry.add("bothub.redis.namespace", () -> "bench-gateway-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        TENANT_SERVICE.close();
        BOT_SERVICE.close();
    }

    @Test
    void cpuPerProxiedHeartbeat() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int clients = Integer.getInteger("bench.clients", 32);
        int bots = Integer.getInteger("bench.bots", 500);
        TENANT_SERVICE.answer(200, "application/json", "{\"status\":\"active\",\"requestsPerMinute\":100000000}");
        BOT_SERVICE.answer("/internal/v1/bot-keys/verify", 200, "application/json",
                "{\"tenantId\":\"tn-bench\",\"principal\":\"bot:b\",\"scopes\":[\"bot\"]}");
        BOT_SERVICE.answer("/api/v1/bots/heartbeat", 200, "application/json",
                "{\"botId\":\"b\",\"status\":\"online\",\"nextHeartbeatInSeconds\":30,\"pendingCommands\":0}");
        BOT_SERVICE.recording = false;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        run(http, clients, bots, Duration.ofSeconds(5)); // warm-up: JIT, pools, every key remembered
        Map<String, Long> before = cpuByThreadGroup();
        long started = System.nanoTime();
        long done = run(http, clients, bots, Duration.ofSeconds(seconds));
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Long> after = cpuByThreadGroup();

        System.out.printf("%n=== gateway overhead: %d clients (closed loop), %d bot keys, %d s, %d cores%n", clients, bots,
                seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf("%,d heartbeats proxied, %,.0f/s (clients, stand-ins and gateway share this JVM)%n", done,
                done / elapsed);
        long gateway = 0;
        for (String group : after.keySet()) {
            long used = after.get(group) - before.getOrDefault(group, 0L);
            if (used / 1e3 / done >= 1) {
                System.out.printf("  %-40s %8.1f us CPU per request%s%n", group, used / 1e3 / done,
                        GATEWAY_THREADS.contains(group) ? "  (gateway)" : "");
            }
            if (GATEWAY_THREADS.contains(group)) {
                gateway += used;
            }
        }
        System.out.printf("gateway threads in all: %.1f us CPU per request (%.0f requests/s per core)%n%n",
                gateway / 1e3 / done, done / (gateway / 1e9));
    }

    private long run(HttpClient http, int clients, int bots, Duration duration) throws Exception {
        AtomicLong ok = new AtomicLong();
        long until = System.nanoTime() + duration.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                loops.add(threads.submit(() -> {
                    for (int i = client; System.nanoTime() < until; i += clients) {
                        HttpRequest beat = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/bots/heartbeat"))
                                .header("Authorization", "Bearer bh_bot_bench" + (i % bots))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"currentLoad\":0.3}")).build();
                        HttpResponse<Void> response = http.send(beat, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("heartbeat answered " + response.statusCode());
                        }
                        ok.incrementAndGet();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> loop : loops) {
            loop.get(); // a refused heartbeat fails the run instead of quietly stopping one client
        }
        return ok.get();
    }

    /**
     * Threads that do the gateway's work: the web server's event loops, Reactor Netty's (the proxy client) and Redisson's (the
     * rate-limit count; the filter chain goes on from its answer on the same thread), and Reactor's schedulers.
     */
    private static final java.util.Set<String> GATEWAY_THREADS = java.util.Set.of("webflux-http-epoll-", "webflux-http-nio-", "reactor-http-epoll-",
            "reactor-http-nio-", "redisson-netty--", "parallel-", "boundedElastic-");

    /** CPU time so far per kind of thread: its name without the numbers. */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long used = threads.getThreadCpuTime(id);
            if (info != null && used >= 0) {
                cpu.merge(info.getThreadName().replaceAll("[0-9]+", ""), used, Long::sum);
            }
        }
        return cpu;
    }
}
