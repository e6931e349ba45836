package io.bothub.support.messaging;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.support.ServiceIdentity;

/**
 * Sends an event straight to Kafka, with no database write. Only for telemetry whose next sample supersedes it
 * (heartbeats, load snapshots): the caller gets the broker's acknowledgement as a future and decides what a
 * failure means. State changes go through the {@code Outbox} instead.
 */
public class TelemetryPublisher {

    private final KafkaOperations<String, Object> kafka;
    private final ServiceIdentity service;

    public TelemetryPublisher(KafkaOperations<String, Object> kafka, ServiceIdentity service) {
        this.kafka = kafka;
        this.service = service;
    }

    public CompletableFuture<SendResult<String, Object>> publish(String tenantId, @Nullable String correlationId,
            BotHubEvent event) {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(service.eventSource(), tenantId, correlationId, event);
        return kafka.send(envelope.topic(), envelope.key(), envelope);
    }
}
