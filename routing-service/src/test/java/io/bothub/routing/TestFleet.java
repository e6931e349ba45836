package io.bothub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.metrics.BotHealthReported;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant of its own for one test: bots appear through bot.lifecycle events, people call the API with headers. */
public final class TestFleet {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public final String tenant = "tenant-" + UUID.randomUUID();
    private final KafkaTemplate<String, Object> kafka;
    private final JdbcClient jdbc;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestFleet(KafkaTemplate<String, Object> kafka, JdbcClient jdbc, int port) {
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.port = port;
    }

    public void onlineBot(String botId, String group, List<String> capabilities, int maxSessions, int weight) {
        Instant now = Instant.now();
        send(new BotRegistered(botId, botId, group, capabilities, maxSessions, weight, null, now));
        send(new BotStatusChanged(botId, "offline", "online", "heartbeat", "system", now.plusMillis(1)));
        await(() -> "online".equals(status(botId)), "bot " + botId + " online");
    }

    public void offline(String botId) {
        send(new BotStatusChanged(botId, "online", "offline", "heartbeat-timeout", "system", Instant.now().plusSeconds(5)));
        await(() -> "offline".equals(status(botId)), "bot " + botId + " offline");
    }

    public void health(String botId, double score, double responseMs) {
        send(new BotHealthReported(botId, score, responseMs, 0.99, 0.01, 0, "5m", Instant.now()));
        await(() -> jdbc.sql("select health_score from fleet_bot where tenant_id = :t and bot_id = :b").param("t", tenant)
                .param("b", botId).query(Double.class).optional().filter(s -> s == score).isPresent(), "health of " + botId);
    }

    private String status(String botId) {
        return jdbc.sql("select status from fleet_bot where tenant_id = :t and bot_id = :b").param("t", tenant)
                .param("b", botId).query(String.class).optional().orElse("");
    }

    public void send(BotHubEvent event) {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(URI.create("/bothub/test"), tenant, null, event);
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String body) {
        return call(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body) {
        return call(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return http.send(request.header("X-BotHub-Tenant-Id", tenant).header("X-BotHub-Principal", "user:desk")
                    .header("X-BotHub-Scopes", "chat config_write").build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for: %s", what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
