package io.bothub.command.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.bothub.command.CommandSettings;
import io.bothub.command.queue.Command;
import io.bothub.events.webhooks.StandardWebhookSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One signed POST of a command to a bot's endpoint. The webhook-id is the command id on every attempt, so a bot
 * that receives a command twice (a retry after a lost response) can tell it is the same one.
 */
@Component
class WebhookPush {

    /** What the endpoint answered, or why there was no answer ({@code status} 0). */
    record Response(int status, String body, @Nullable Duration retryAfter, long latencyMillis,
            @Nullable String error) {

        boolean answered() {
            return status > 0;
        }
    }

    private final HttpClient http;
    private final JsonMapper json;
    private final CommandSettings settings;
    private final Clock clock;

    WebhookPush(JsonMapper json, CommandSettings settings, Clock clock) {
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        // HTTP/1.1, as webhook receivers speak: left to its default (HTTP/2), the client offers every request on a
        // plain http:// endpoint an upgrade to h2c, with its extra headers, that a webhook receiver declines.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** The JSON a bot receives. */
    String body(Command command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "command");
        body.put("commandId", command.id().toString());
        body.put("commandType", command.type());
        body.put("botId", command.botId());
        body.put("batchId", command.batchId() == null ? null : command.batchId().toString());
        body.put("priority", command.priority());
        body.put("payload", command.payload());
        body.put("attempt", command.attempts());
        body.put("createdAt", command.createdAt().toString());
        return json.writeValueAsString(body);
    }

    Response send(Command command, String url, List<String> secrets) {
        String body = body(command);
        String id = command.id().toString();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.deliveryTimeout())
                .header("Content-Type", "application/json")
                .header(StandardWebhookSignature.ID, id)
                .header(StandardWebhookSignature.TIMESTAMP, Long.toString(timestamp))
                .header(StandardWebhookSignature.SIGNATURE, StandardWebhookSignature.signWithEach(secrets, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").flatMap(this::retryAfter).orElse(null),
                    millisSince(started), null);
        } catch (IOException e) {
            return new Response(0, "", null, millisSince(started), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, "", null, millisSince(started), "interrupted");
        }
    }

    /** Retry-After as seconds or as an HTTP date. */
    private Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(Duration.between(clock.instant(), at).isNegative() ? Duration.ZERO
                        : Duration.between(clock.instant(), at));
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
