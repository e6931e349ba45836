package io.bothub.command;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotEndpointChanged;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.support.secrets.TransitSecrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One test tenant's bots as bot-service would announce them (its events on bot.lifecycle), and calls to
 * command-service's API as the gateway would make them (tenant, principal and scopes in headers).
 */
public final class Fleet {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String tenant;
    private final KafkaTemplate<String, Object> kafka;
    private final TransitSecrets transit;
    private final JdbcClient jdbc;
    private final int port;

    public Fleet(String tenant, KafkaTemplate<String, Object> kafka, TransitSecrets transit, JdbcClient jdbc, int port) {
        this.tenant = tenant;
        this.kafka = kafka;
        this.transit = transit;
        this.jdbc = jdbc;
        this.port = port;
    }

    /** Registers a bot (offline, as after registration) with an endpoint and a signing secret. */
    public void register(String botId, @Nullable String groupId, @Nullable String url, String secret) {
        Instant now = Instant.now();
        send(new BotRegistered(botId, botId, groupId, List.of("chat"), 10, 100, url, now));
        TransitSecrets.Sealed sealed = transit.seal(secret);
        send(new BotEndpointChanged(botId, url,
                List.of(new BotEndpointChanged.SealedSecret(sealed.keyId(), sealed.ciphertext(), null)), now));
        await("bot " + botId + " known", () -> jdbc.sql("select count(*) from bot_endpoint where tenant_id = :t and bot_id = :b "
                + "and signing_secrets <> '[]'::jsonb").param("t", tenant).param("b", botId).query(Integer.class).single() == 1);
    }

    public void status(String botId, String status) {
        send(new BotStatusChanged(botId, "?", status, "test", "system", Instant.now()));
        await("bot " + botId + " " + status, () -> status.equals(jdbc.sql("select status from bot_endpoint where tenant_id = :t and bot_id = :b")
                .param("t", tenant).param("b", botId).query(String.class).single()));
    }

    public void send(BotHubEvent event) {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(URI.create("/bothub/bot-service"), tenant, null, event);
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return call("POST", path, body, headers);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return call("GET", path, null, headers);
    }

    public HttpResponse<String> call(String method, String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("X-BotHub-Tenant-Id", tenant)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean principal = false;
        boolean scopes = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            principal |= headers[i].equals("X-BotHub-Principal");
            scopes |= headers[i].equals("X-BotHub-Scopes");
        }
        if (!principal) {
            request.header("X-BotHub-Principal", "user:operator");
        }
        if (!scopes) {
            request.header("X-BotHub-Scopes", "commands");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues a command to one bot; its id. */
    public String command(String botId, String type, String payload, int priority) {
        HttpResponse<String> response = post("/api/v1/commands", "{\"botId\":\"" + botId + "\",\"type\":\"" + type
                + "\",\"payload\":" + payload + ",\"priority\":" + priority + "}");
        if (response.statusCode() != 201) {
            throw new AssertionError("queueing failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asString();
    }

    public JsonNode detail(String commandId) {
        return JSON.readTree(get("/api/v1/commands/" + commandId).body());
    }

    public String statusOf(String commandId) {
        return detail(commandId).get("command").get("status").asString();
    }

    public void awaitStatus(String commandId, String status) {
        await("command " + commandId + " " + status, () -> status.equals(statusOf(commandId)));
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, Duration.ofSeconds(30));
    }

    public static void await(String what, BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
