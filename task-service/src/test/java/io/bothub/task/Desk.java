package io.bothub.task;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.task.TaskRouted;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One test tenant: its bots as bot-service announces them, routing decisions as routing-service would publish
 * them, and calls to task-service's API as the gateway makes them (tenant, principal and scopes in headers).
 */
public final class Desk {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String tenant;
    private final KafkaTemplate<String, Object> kafka;
    private final JdbcClient jdbc;
    private final int port;

    public Desk(String tenant, KafkaTemplate<String, Object> kafka, JdbcClient jdbc, int port) {
        this.tenant = tenant;
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.port = port;
    }

    /** A desk of the same tenant calling another replica. */
    public Desk via(int otherPort) {
        return new Desk(tenant, kafka, jdbc, otherPort);
    }

    /** Registers a bot with these capabilities and brings it online, as bot-service would announce it. */
    public void bot(String botId, String... capabilities) {
        send(new BotRegistered(botId, botId, null, List.of(capabilities), 10, 100, null, Instant.now()), "/bothub/bot-service");
        status(botId, "online");
    }

    public void status(String botId, String status) {
        send(new BotStatusChanged(botId, "?", status, "test", "system", Instant.now()), "/bothub/bot-service");
        await("bot " + botId + " " + status, () -> status.equals(jdbc.sql("select status from task_bot where tenant_id = :t and bot_id = :b")
                .param("t", tenant).param("b", botId).query(String.class).optional().orElse(null)));
    }

    /** routing-service's decision for a task, as it would publish it on task.routing; the envelope sent. */
    public EventEnvelope<BotHubEvent> route(String taskId, String botId) {
        return send(new TaskRouted(taskId, botId, "least-load", List.of(botId), Instant.now()), "/bothub/routing-service");
    }

    public EventEnvelope<BotHubEvent> send(BotHubEvent event, String source) {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(URI.create(source), tenant, null, event);
        resend(envelope);
        return envelope;
    }

    /** Sends an envelope again, as a redelivery would. */
    public void resend(EventEnvelope<BotHubEvent> envelope) {
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- as a person (default: user:requester with the tasks scope) ----

    public HttpResponse<String> post(String path, @Nullable String body, String... headers) {
        return call("POST", path, body, headers);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return call("GET", path, null, headers);
    }

    public HttpResponse<String> put(String path, String body, String... headers) {
        return call("PUT", path, body, headers);
    }

    /** Creates a task; the created task's JSON. */
    public JsonNode create(String body) {
        HttpResponse<String> response = post("/api/v1/tasks", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("creating failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public void policy(@Nullable String approvalFrom) {
        HttpResponse<String> set = put("/api/v1/tasks/policy",
                "{\"approvalFrom\":" + (approvalFrom == null ? "null" : "\"" + approvalFrom + "\"") + "}",
                "X-BotHub-Principal", "user:admin", "X-BotHub-Scopes", "admin");
        if (set.statusCode() != 200) {
            throw new AssertionError("policy failed: " + set.statusCode() + " " + set.body());
        }
    }

    public JsonNode detail(String taskId) {
        return JSON.readTree(get("/api/v1/tasks/" + taskId).body());
    }

    public String statusOf(String taskId) {
        return detail(taskId).get("task").get("status").asString();
    }

    public void awaitStatus(String taskId, String status) {
        await("task " + taskId + " " + status, () -> status.equals(statusOf(taskId)));
    }

    // ---- as a bot ----

    public HttpResponse<String> asBot(String botId, String method, String path, @Nullable String body) {
        return call(method, path, body, "X-BotHub-Principal", "bot:" + botId, "X-BotHub-Scopes", "bot");
    }

    /** The bot's pull, waiting up to {@code waitSeconds}. */
    public HttpResponse<String> pull(String botId, int waitSeconds) {
        return asBot(botId, "GET", "/api/v1/tasks/next?waitSeconds=" + waitSeconds, null);
    }

    public HttpResponse<String> call(String method, String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("X-BotHub-Tenant-Id", tenant)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            names.add(headers[i]);
        }
        if (!names.contains("X-BotHub-Principal")) {
            request.header("X-BotHub-Principal", "user:requester");
        }
        if (!names.contains("X-BotHub-Scopes")) {
            request.header("X-BotHub-Scopes", "tasks");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Task events of this tenant's task recorded in the outbox, in order: "type newStatus reason". */
    public List<String> events(String taskId) {
        return jdbc.sql("""
                select event_type, convert_from(payload, 'UTF8') from outbox_event
                where record_key = :task order by seq
                """).param("task", taskId).query((rs, i) -> {
                    JsonNode payload = JSON.readTree(rs.getString(2));
                    String type = rs.getString(1);
                    return type.contains("created") ? "created" : payload.get("newStatus").asString() + " " + payload.get("reason").asString();
                }).list();
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
