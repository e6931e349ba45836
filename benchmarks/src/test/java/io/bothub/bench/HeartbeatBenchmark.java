package io.bothub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * Heartbeats per second through the gateway, next to the same load sent straight to bot-service: the difference is
 * what the gateway adds to an authenticated request (its bot-key check, cached; the rate-limit count in Redis;
 * routing). Needs the
 * platform running ({@code ./bothub up}); run with {@code ./bothub bench benchmarks}.
 * Settings: {@code -Dbench.rate=3000 -Dbench.seconds=20 -Dbench.bots=2000}.
 */
@Tag("benchmark")
class HeartbeatBenchmark {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String BOT_SERVICE = "http://127.0.0.1:8082";

    @Test
    void heartbeatsThroughTheGatewayAndDirect() throws Exception {
        int rate = Integer.getInteger("bench.rate", 3000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int botCount = Integer.getInteger("bench.bots", 2000);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        requireRunning(http);

        BenchTenant tenant = BenchTenant.signUp(http, GATEWAY);
        List<String> keys = register(http, tenant.adminToken(), botCount);
        System.out.printf("registered %d bots in tenant %s%n", keys.size(), tenant.id());

        // Warm both paths (JIT, connection pools) before measuring.
        OpenLoopLoad.run("warm-up", rate / 2, Duration.ofSeconds(5), i -> beat(BOT_SERVICE, keys.get(i % keys.size())));
        OpenLoopLoad.run("warm-up", rate / 2, Duration.ofSeconds(5), i -> beat(GATEWAY, keys.get(i % keys.size())));

        List<OpenLoopLoad.Result> results = new ArrayList<>();
        Map<String, Double> before = ProcessCpu.snapshot();
        results.add(OpenLoopLoad.run("direct to bot-service", rate, Duration.ofSeconds(seconds),
                i -> beat(BOT_SERVICE, keys.get(i % keys.size()))));
        Map<String, Double> between = ProcessCpu.snapshot();
        results.add(OpenLoopLoad.run("through the gateway", rate, Duration.ofSeconds(seconds),
                i -> beat(GATEWAY, keys.get(i % keys.size()))));
        Map<String, Double> after = ProcessCpu.snapshot();
        OpenLoopLoad.print(String.format("heartbeats: target %d/s for %d s, %d bots, %d cores", rate, seconds, botCount,
                Runtime.getRuntime().availableProcessors()), results);
        // Everything a heartbeat sets off while it runs (Kafka, metrics-service's ingestion, ...) is in these.
        ProcessCpu.print("heartbeats direct to bot-service", before, between, results.get(0).ok());
        ProcessCpu.print("heartbeats through the gateway", between, after, results.get(1).ok());
    }

    private static OpenLoopLoad.Post beat(String base, String apiKey) {
        return new OpenLoopLoad.Post(base + "/api/v1/bots/heartbeat",
                Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json"),
                "{\"currentLoad\":0.3,\"activeSessions\":2,\"cpuPercent\":20}");
    }

    private static List<String> register(HttpClient http, String adminToken, int count) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/bots/register"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"botId\":\"bot-" + i + "\",\"name\":\"Bench " + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("registration failed: " + response.statusCode() + " " + response.body());
            }
            keys.add(json.readTree(response.body()).get("apiKey").asString());
        }
        return keys;
    }

    private static void requireRunning(HttpClient http) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException("the platform is not running: start it with ./bothub up", e);
        }
    }
}
