package io.bothub.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.command.CommandStatusChanged;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One test tenant: events as the other services would publish them (with this tenant in the CloudEvents
 * envelope), and calls to metrics-service's API as the gateway makes them.
 */
public final class Tenant {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String id = "tenant-" + UUID.randomUUID();
    private final KafkaTemplate<String, Object> kafka;
    private final int port;

    public Tenant(KafkaTemplate<String, Object> kafka, int port) {
        this.kafka = kafka;
        this.port = port;
    }

    public void send(BotHubEvent event) {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(URI.create("/bothub/test"), id, null, event);
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void register(String botId, @Nullable String groupId, @Nullable String roleId, int maxSessions) {
        Instant now = Instant.now();
        send(new BotRegistered(botId, "Bot " + botId, groupId, List.of("chat"), maxSessions, 100, null, now));
        if (roleId != null) {
            send(new BotUpdated(botId, "Bot " + botId, groupId, roleId, List.of("chat"), maxSessions, 100, 0, List.of(),
                    true, now.plusMillis(1)));
        }
    }

    public void status(String botId, String from, String to) {
        send(new BotStatusChanged(botId, from, to, "test", "system", Instant.now()));
    }

    public void heartbeat(String botId, int sessions, @Nullable Double cpu, @Nullable Double memory, Instant at) {
        send(new BotHeartbeat(botId, "online", 0.5, 0, sessions, cpu, memory, "1.0", at));
    }

    /** A command delivered at {@code sentAt} and answered ({@code acknowledged} or {@code failed}) at {@code answeredAt}. */
    public String command(String botId, Instant sentAt, Instant answeredAt, boolean ok) {
        String commandId = UUID.randomUUID().toString();
        send(new CommandStatusChanged(commandId, botId, "send_message", null, "queued", "sent", 1, "delivered",
                Map.of(), sentAt));
        send(new CommandStatusChanged(commandId, botId, "send_message", null, "sent", ok ? "acknowledged" : "failed", 1,
                ok ? "acknowledged" : "bot-reported-failure", ok ? Map.of() : Map.of("error", "no such chat"),
                answeredAt));
        return commandId;
    }

    public HttpResponse<String> get(String path) {
        return call("GET", path, null, "config_read");
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> call(String method, String path, @Nullable String body, String scopes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("X-BotHub-Tenant-Id", id)
                .header("X-BotHub-Principal", "user:ann")
                .header("X-BotHub-Scopes", scopes)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(30), condition);
    }

    public static void await(String what, Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
