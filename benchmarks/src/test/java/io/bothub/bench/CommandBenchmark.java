package io.bothub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands per second from the API call to the bot's receipt, with 100 simulated bot endpoints (a local HTTP
 * server in this JVM), and the same with 10 of the bots dead. Latency is from the moment a command was due to be
 * created (open loop, so a slow API counts against it) to the moment its bot received it. Each scenario is measured
 * after a warm-up of 20 s at the same rate (the first after 40 s at half the rate before that), whose commands are
 * all received first. Needs the platform
 * running ({@code ./bothub up}); run with {@code ./bothub bench benchmarks -Dtest=CommandBenchmark}.
 * Settings: {@code -Dbench.rate=1000 -Dbench.seconds=20 -Dbench.via=direct|gateway -Dbench.warmup=40}.
 */
@Tag("benchmark")
class CommandBenchmark {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String COMMAND_SERVICE = "http://127.0.0.1:8086";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BOTS = 100;
    private static final int WARM_UP_SECONDS = 20;

    @Test
    void commandsFromApiToBot() throws Exception {
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        String base = "gateway".equals(System.getProperty("bench.via", "direct")) ? GATEWAY : COMMAND_SERVICE;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        List<String> lines = new ArrayList<>();
        List<CpuWindow> cpu = new ArrayList<>();
        try (BotEndpoints endpoints = new BotEndpoints()) {
            for (int dead : new int[] {0, 10}) {
                BenchTenant signedUp = BenchTenant.signUp(http, GATEWAY);
                String tenant = signedUp.id();
                List<String> healthy = new ArrayList<>();
                List<String> all = new ArrayList<>();
                for (int i = 0; i < BOTS; i++) {
                    String bot = "bot-" + i;
                    boolean isDead = i < dead;
                    String key = register(http, signedUp.adminToken(), bot, isDead ? deadUrl() : endpoints.url(tenant, bot));
                    heartbeat(http, key);
                    all.add(bot);
                    if (!isDead) {
                        healthy.add(bot);
                    }
                }
                // Warm up, and wait until command-service has heard of every bot and its status from bot-service.
                System.out.printf("%d bots registered (%d dead)%n", all.size(), dead);
                endpoints.reset(tenant);
                for (String bot : healthy) {
                    queue(http, base, signedUp, bot, -1);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (endpoints.received(tenant) < healthy.size() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                if (endpoints.received(tenant) < healthy.size()) {
                    throw new IllegalStateException("command-service did not reach all bots in time");
                }
                // Every JVM's compiler warms up on the load itself: a fresh platform runs its first seconds at a third
                // of its speed, and at the full rate the compilers' own work kept it behind for minutes. So the first
                // scenario first runs at half the rate (bench.warmup seconds, 40 by default), then both run at the
                // full rate for 20 s. The warm-up's commands are all received, and the services' consumers given
                // time to catch up, before the measured run starts.
                long warmedUp = healthy.size();
                int gentleSeconds = dead == 0 ? Integer.getInteger("bench.warmup", 40) : 0;
                if (gentleSeconds > 0) {
                    warmedUp += OpenLoopLoad.run("warm-up at half rate", Math.max(1, rate / 2),
                            Duration.ofSeconds(gentleSeconds),
                            i -> command(base, signedUp, healthy.get(i % healthy.size()), -1)).ok();
                }
                warmedUp += OpenLoopLoad.run("warm-up", rate, Duration.ofSeconds(WARM_UP_SECONDS),
                        i -> command(base, signedUp, healthy.get(i % healthy.size()), -1)).ok();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (endpoints.received(tenant) < warmedUp && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(5000);

                // The healthy bots get `rate` commands per second between them; the dead ones their share on top.
                int totalRate = rate * all.size() / healthy.size();
                int total = totalRate * seconds;
                List<Integer> toHealthy = new ArrayList<>();
                AtomicLongArray dueAt = new AtomicLongArray(total);
                endpoints.track(tenant, dueAt, totalRate);
                Map<String, Double> cpuBefore = ProcessCpu.snapshot();
                long start = System.nanoTime();
                OpenLoopLoad.Result api = OpenLoopLoad.run("api, " + dead + " dead bots", totalRate,
                        Duration.ofSeconds(seconds), i -> {
                            String bot = all.get(i % all.size());
                            dueAt.set(i, start + (long) i * (1_000_000_000L / totalRate));
                            if (healthy.contains(bot)) {
                                synchronized (toHealthy) {
                                    toHealthy.add(i);
                                }
                            }
                            return command(base, signedUp, bot, i);
                        });
                long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (endpoints.tracked(tenant) < toHealthy.size() && System.nanoTime() < drainUntil) {
                    Thread.sleep(50);
                }
                BotEndpoints.Tracked tracked = endpoints.result(tenant);
                cpu.add(new CpuWindow(dead + " dead bots", cpuBefore, ProcessCpu.snapshot(), api.ok()));
                double span = (tracked.lastReceipt() - start) / 1e9;
                lines.add(api.line());
                lines.add(String.format("%-28s %8.0f cmd/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  received %d of %d"
                                + " for healthy bots", "api to bot, " + dead + " dead bots",
                        tracked.count() / span, tracked.latencyMicros().getValueAtPercentile(50) / 1000.0,
                        tracked.latencyMicros().getValueAtPercentile(99) / 1000.0,
                        tracked.latencyMicros().getMaxValue() / 1000.0, tracked.count(), toHealthy.size()));
                lines.add(String.format("%-28s %s", "  worst ms, by second due", tracked.worstBySecond()));
            }
        }
        OpenLoopLoad.print(String.format("commands via %s: target %d/s to healthy bots for %d s, %d bot endpoints, %d cores",
                base.equals(GATEWAY) ? "the gateway" : "command-service directly", rate, seconds, BOTS,
                Runtime.getRuntime().availableProcessors()), List.of());
        lines.forEach(System.out::println);
        System.out.println();
        cpu.forEach(run -> ProcessCpu.print("commands, " + run.label() + " (until the last was received)", run.before(),
                run.after(), run.requests()));
        System.out.println();
    }

    /** The platform's CPU use over one scenario. */
    private record CpuWindow(String label, Map<String, Double> before, Map<String, Double> after, long requests) {
    }

    /** Through the gateway the token speaks; straight to command-service, the headers the gateway would set. */
    private static OpenLoopLoad.Post command(String base, BenchTenant tenant, String bot, int sequence) {
        return new OpenLoopLoad.Post(base + "/api/v1/commands", Map.of("Authorization", "Bearer " + tenant.adminToken(),
                "Content-Type", "application/json", "X-BotHub-Tenant-Id", tenant.id(),
                "X-BotHub-Principal", "user:bench", "X-BotHub-Scopes", "commands"),
                "{\"botId\":\"" + bot + "\",\"type\":\"send_message\",\"payload\":{\"text\":\"" + sequence + "\"}}");
    }

    private static HttpRequest asRequest(OpenLoopLoad.Post post) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(post.uri())).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(post.body()));
        post.headers().forEach(request::header);
        return request.build();
    }

    /** Queues one command, waiting while command-service has not yet heard of the bot from bot-service. */
    private static void queue(HttpClient http, String base, BenchTenant tenant, String bot, int sequence) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(asRequest(command(base, tenant, bot, sequence)),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return;
            }
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                throw new IllegalStateException("queueing failed: " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(100);
        }
    }

    private static String register(HttpClient http, String adminToken, String bot, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/bots/register"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"botId\":\"" + bot + "\",\"name\":\"" + bot
                        + "\",\"webhookUrl\":\"" + url + "\",\"heartbeatIntervalSeconds\":300}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("apiKey").asString();
    }

    private static void heartbeat(HttpClient http, String key) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/bots/heartbeat"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/dead";
        }
    }

    /** The simulated bots: one HTTP server, a path per bot, answering 202 at once and noting each receipt. */
    private static final class BotEndpoints implements AutoCloseable {

        record Tracked(long count, long lastReceipt, Histogram latencyMicros, long[] worstMicrosPerSecond) {

            /** The worst latency of the commands due in each second of the run, in ms: shows a queue growing or a stall. */
            String worstBySecond() {
                StringBuilder line = new StringBuilder();
                for (long worst : worstMicrosPerSecond) {
                    line.append(line.isEmpty() ? "" : " ").append(worst / 1000);
                }
                return line.toString();
            }
        }

        private final DisposableServer server;
        private final ConcurrentHashMap<String, AtomicLong> received = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicLongArray> dueAt = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Histogram> latency = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicLong> tracked = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicLong> lastReceipt = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicLongArray> worstPerSecond = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Integer> ratePerSecond = new ConcurrentHashMap<>();

        BotEndpoints() {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle((request, response) -> {
                        long now = System.nanoTime();
                        String tenant = request.path().split("/")[0];
                        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
                            receive(tenant, body, now);
                            return response.status(HttpResponseStatus.ACCEPTED).send().then();
                        });
                    })
                    .bindNow();
        }

        private void receive(String tenant, String body, long now) {
            received.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
            AtomicLongArray due = dueAt.get(tenant);
            if (due != null) {
                JsonNode command = JSON.readTree(body);
                int sequence = Integer.parseInt(command.get("payload").get("text").asString());
                if (sequence >= 0 && sequence < due.length() && due.get(sequence) > 0) {
                    Histogram histogram = latency.get(tenant);
                    long micros = Math.max(1, (now - due.get(sequence)) / 1000);
                    synchronized (histogram) {
                        // Clamped to the histogram's range: a bot endpoint must answer, whatever the latency.
                        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                    }
                    AtomicLongArray worst = worstPerSecond.get(tenant);
                    worst.accumulateAndGet(Math.min(worst.length() - 1, sequence / ratePerSecond.get(tenant)), micros,
                            Math::max);
                    tracked.get(tenant).incrementAndGet();
                    lastReceipt.get(tenant).accumulateAndGet(now, Math::max);
                }
            }
        }

        String url(String tenant, String bot) {
            return "http://127.0.0.1:" + server.port() + "/" + tenant + "/" + bot;
        }

        void reset(String tenant) {
            received.put(tenant, new AtomicLong());
        }

        long received(String tenant) {
            return received.getOrDefault(tenant, new AtomicLong()).get();
        }

        void track(String tenant, AtomicLongArray due, int rate) {
            latency.put(tenant, new Histogram(60_000_000L, 3));
            ratePerSecond.put(tenant, rate);
            worstPerSecond.put(tenant, new AtomicLongArray(Math.max(1, due.length() / rate)));
            tracked.put(tenant, new AtomicLong());
            lastReceipt.put(tenant, new AtomicLong());
            dueAt.put(tenant, due);
        }

        long tracked(String tenant) {
            return tracked.get(tenant).get();
        }

        Tracked result(String tenant) {
            Histogram histogram = latency.get(tenant);
            synchronized (histogram) {
                AtomicLongArray worst = worstPerSecond.get(tenant);
                long[] bySecond = new long[worst.length()];
                for (int i = 0; i < bySecond.length; i++) {
                    bySecond[i] = worst.get(i);
                }
                return new Tracked(tracked.get(tenant).get(), lastReceipt.get(tenant).get(), histogram.copy(), bySecond);
            }
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }
}
