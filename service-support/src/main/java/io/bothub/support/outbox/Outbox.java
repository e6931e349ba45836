package io.bothub.support.outbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.support.ServiceIdentity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the same database transaction as the change it describes. The event reaches Kafka after
 * the transaction commits (the {@link OutboxRelay} sends it), and never if the transaction rolls back.
 *
 * <p>Calling it outside a transaction is an error rather than a silent direct send: an event published without
 * its change, or lost with it, is exactly what the outbox exists to prevent.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final CloudEventsKafkaCodec codec;
    private final ServiceIdentity service;
    private final OutboxRelay relay;
    private final JsonMapper json = JsonMapper.builder().build();

    public Outbox(JdbcClient jdbc, CloudEventsKafkaCodec codec, ServiceIdentity service, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.service = service;
        this.relay = relay;
    }

    /** Records {@code event} of {@code tenantId}, starting a new correlation. */
    public EventEnvelope<BotHubEvent> add(String tenantId, BotHubEvent event) {
        return add(tenantId, null, event);
    }

    /**
     * Records {@code event} of {@code tenantId} as part of the flow {@code correlationId}.
     *
     * @throws IllegalStateException when no transaction is active
     */
    public EventEnvelope<BotHubEvent> add(String tenantId, @Nullable String correlationId, BotHubEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.add needs the transaction that makes the change; "
                    + event.getClass().getSimpleName() + " was added outside one");
        }
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(service.eventSource(), tenantId, correlationId, event);
        Map<String, String> headers = new LinkedHashMap<>();
        codec.headers(envelope).forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        jdbc.sql("""
                insert into outbox_event (event_id, event_type, topic, record_key, headers, payload)
                values (:id, :type, :topic, :key, cast(:headers as jsonb), :payload)
                """)
                .param("id", envelope.id())
                .param("type", envelope.type())
                .param("topic", envelope.topic())
                .param("key", envelope.key())
                .param("headers", json.writeValueAsString(headers))
                .param("payload", codec.value(envelope))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return envelope;
    }
}
