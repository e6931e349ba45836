package io.bothub.sdk;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A connected bot: a virtual thread beats at the interval BotHub asks for (a failed beat is retried at the next
 * tick, never thrown at the bot), and {@link #sendCallback} posts signed callbacks.
 */
public final class BotConnection implements AutoCloseable {

    private final BotHubClient hub;
    private final BotCredentials credentials;
    private final Supplier<Load> load;
    private final WebhookSignatures signatures;
    private final AtomicLong beats = new AtomicLong();
    private final AtomicLong failedBeats = new AtomicLong();
    private final Thread heart;
    private volatile boolean open = true;
    private volatile Duration interval = Duration.ofSeconds(30);

    BotConnection(BotHubClient hub, BotCredentials credentials, Supplier<Load> load) {
        this.hub = hub;
        this.credentials = credentials;
        this.load = load;
        this.signatures = new WebhookSignatures(credentials.webhookSecret());
        this.heart = Thread.ofVirtual().name("bothub-heartbeat-" + credentials.botId()).start(this::beatUntilClosed);
    }

    /** Sends one heartbeat now; returns the interval BotHub wants until the next. */
    public Duration beat() {
        Load now = load.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", now.status());
        body.put("currentLoad", now.currentLoad());
        body.put("activeTasks", now.activeTasks());
        body.put("activeSessions", now.activeSessions());
        if (now.cpuPercent() != null) {
            body.put("cpuPercent", now.cpuPercent());
        }
        if (now.memoryPercent() != null) {
            body.put("memoryPercent", now.memoryPercent());
        }
        JsonNode answer = hub.send(authorized(HttpRequest.newBuilder(hub.resolve("/api/v1/bots/heartbeat"))),
                hub.json().writeValueAsString(body), 200);
        beats.incrementAndGet();
        return Duration.ofSeconds(answer.get("nextHeartbeatInSeconds").asInt(30));
    }

    /**
     * Posts a signed callback. Returns its id, which BotHub accepts once.
     *
     * @param type      {@code message}, {@code event} or {@code status}
     * @param eventType the finer kind, such as {@code text}; may be null
     */
    public String sendCallback(String type, @Nullable String eventType, Map<String, ?> payload) {
        String id = "msg_" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (eventType != null) {
            body.put("eventType", eventType);
        }
        body.put("payload", payload);
        String json = hub.json().writeValueAsString(body);
        long timestamp = Instant.now().getEpochSecond();
        hub.send(authorized(HttpRequest.newBuilder(hub.resolve("/api/v1/callbacks")))
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures.sign(id, timestamp, json)), json, 202);
        return id;
    }

    /** Checks work pushed to the bot's webhook; see {@link WebhookSignatures#verify}. */
    public boolean verifyPush(@Nullable String id, @Nullable String timestamp, @Nullable String signature, String body) {
        return signatures.verify(id, timestamp, signature, body);
    }

    public long beatsSent() {
        return beats.get();
    }

    public long beatsFailed() {
        return failedBeats.get();
    }

    public String botId() {
        return credentials.botId();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + credentials.apiKey());
    }

    private void beatUntilClosed() {
        while (open) {
            try {
                interval = beat();
            } catch (BotHubException e) {
                failedBeats.incrementAndGet();
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops heartbeating. BotHub marks the bot offline once it has missed its beats. */
    @Override
    public void close() {
        open = false;
        heart.interrupt();
    }
}
