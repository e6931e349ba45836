package io.bothub.command.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.bothub.command.CommandSettings;
import io.bothub.command.queue.Command;
import io.bothub.events.webhooks.StandardWebhookSignature;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * One signed POST of a command to a bot's endpoint. The webhook-id is the command id on every attempt, so a bot
 * that receives a command twice (a retry after a lost response) can tell it is the same one.
 *
 * <p>Apache HttpClient's classic (blocking) client, called from the dispatcher's virtual threads: a request costs
 * one blocking call on a pooled keep-alive connection, where the JDK client's asynchronous machinery (selector
 * thread, futures, executor hand-offs) cost about a sixth of this service's CPU at 1,000 commands a second.
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

    /** The most of a bot's answer that is read: enough for any acknowledgement and its result. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final CloseableHttpClient http;
    /** Cancels a request that outlives the delivery timeout: the socket timeout alone would let a bot that
     *  trickles its answer a byte at a time hold a delivery open for ever. */
    private final ScheduledThreadPoolExecutor deadlines;
    private final JsonMapper json;
    private final CommandSettings settings;
    private final Clock clock;

    WebhookPush(JsonMapper json, CommandSettings settings, Clock clock) {
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        Timeout deliveryTimeout = Timeout.of(settings.deliveryTimeout());
        this.http = HttpClients.custom()
                // One connection per concurrent delivery: the bulkheads, not the pool, bound how many there are.
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(10_000)
                        .setMaxConnPerRoute(10_000)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(deliveryTimeout)
                                // A keep-alive connection the bot closed while idle is found before it is used.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(deliveryTimeout).build())
                // The dispatcher decides about retries (backoff, circuit, attempt count); a bot's redirect or
                // cookie is not followed.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
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
        HttpPost request = new HttpPost(url);
        request.setHeader(StandardWebhookSignature.ID, id);
        request.setHeader(StandardWebhookSignature.TIMESTAMP, Long.toString(timestamp));
        request.setHeader(StandardWebhookSignature.SIGNATURE,
                StandardWebhookSignature.signWithEach(secrets, id, timestamp, body));
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            request.cancel();
        }, settings.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        try {
            return http.execute(request, response -> {
                Header retryAfter = response.getFirstHeader("Retry-After");
                // JSON is UTF-8 whatever charset the bot names; what lies past the first MiB is not read.
                String answer = response.getEntity() == null ? "" : new String(
                        response.getEntity().getContent().readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
                return new Response(response.getCode(), answer,
                        retryAfter == null ? null : retryAfter(retryAfter.getValue()).orElse(null),
                        millisSince(started), null);
            });
        } catch (IOException e) {
            if (timedOut.get()) {
                return new Response(0, "", null, millisSince(started),
                        "timed out after " + settings.deliveryTimeout().toMillis() + " ms");
            }
            return new Response(0, "", null, millisSince(started), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            deadline.cancel(false);
        }
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
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
