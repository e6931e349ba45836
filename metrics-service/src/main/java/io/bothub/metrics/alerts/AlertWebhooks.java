package io.bothub.metrics.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.webhooks.StandardWebhookSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes each alert event to its tenant's webhook, signed with the Standard Webhooks scheme ({@code webhook-id} is
 * the event id on every attempt, so the receiver can drop a repeat). Reading metrics.alerts, rather than sending
 * from the evaluator, means an alert is pushed only once it is committed and published; a failed push throws, and
 * the platform's retry topics try again with back-off before the event lands on the dead-letter topic.
 */
@Component
class AlertWebhooks {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhooks.class);

    private final AlertEndpoints endpoints;
    private final JsonMapper json;
    private final AlertSettings settings;
    private final Clock clock;
    private final HttpClient http;

    AlertWebhooks(AlertEndpoints endpoints, JsonMapper json, AlertSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        // HTTP/1.1, as webhook receivers speak (the default, HTTP/2, offers each plain-http request an h2c upgrade).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.webhookTimeout()).build();
    }

    /** The body a tenant receives: the event's id, type, time and tenant, and the alert itself as data. */
    static Map<String, Object> body(EventEnvelope<?> event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("type", event.type());
        body.put("time", event.time().toString());
        body.put("tenantId", event.tenantId());
        body.put("data", event.data());
        return body;
    }

    @KafkaListener(topics = Topics.ALERTS, id = "metrics-service-alert-webhooks")
    void on(EventEnvelope<BotHubEvent> event) throws IOException, InterruptedException {
        Optional<AlertEndpoints.Endpoint> endpoint = endpoints.of(event.tenantId());
        if (endpoint.isEmpty()) {
            return;
        }
        String body = json.writeValueAsString(body(event));
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.get().url()))
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(StandardWebhookSignature.ID, event.id())
                .header(StandardWebhookSignature.TIMESTAMP, Long.toString(timestamp))
                .header(StandardWebhookSignature.SIGNATURE,
                        StandardWebhookSignature.sign(endpoint.get().secret(), event.id(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("alert webhook of tenant " + event.tenantId() + " answered "
                    + response.statusCode());
        }
        log.debug("alert {} pushed to tenant {}", event.id(), event.tenantId());
    }
}
