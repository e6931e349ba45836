package io.bothub.support.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return addAll(List.of(new Addition(tenantId, correlationId, event))).getFirst();
    }

    /** An event to record, with its tenant and correlation. */
    public record Addition(String tenantId, @Nullable String correlationId, BotHubEvent event) {
    }

    /**
     * Records several events in one statement, in order: for a service that changes many things in one
     * transaction (a batch of deliveries) and should not pay a round trip per event.
     *
     * @throws IllegalStateException when no transaction is active
     */
    public List<EventEnvelope<BotHubEvent>> addAll(List<Addition> additions) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.add needs the transaction that makes the change; "
                    + additions.stream().map(a -> a.event().getClass().getSimpleName()).distinct().toList()
                    + " was added outside one");
        }
        if (additions.isEmpty()) {
            return List.of();
        }
        List<EventEnvelope<BotHubEvent>> envelopes = new ArrayList<>(additions.size());
        String[] ids = new String[additions.size()];
        String[] types = new String[ids.length];
        String[] topics = new String[ids.length];
        String[] keys = new String[ids.length];
        String[] headerJson = new String[ids.length];
        String[] payloads = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Addition addition = additions.get(i);
            EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(service.eventSource(), addition.tenantId(),
                    addition.correlationId(), addition.event());
            Map<String, String> headers = new LinkedHashMap<>();
            codec.headers(envelope).forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
            ids[i] = envelope.id();
            types[i] = envelope.type();
            topics[i] = envelope.topic();
            keys[i] = envelope.key();
            headerJson[i] = json.writeValueAsString(headers);
            // The codec writes JSON, which is UTF-8 text; it travels as text and is stored as the same bytes.
            payloads[i] = new String(codec.value(envelope), StandardCharsets.UTF_8);
            envelopes.add(envelope);
        }
        jdbc.sql("""
                insert into outbox_event (event_id, event_type, topic, record_key, headers, payload)
                select id, type, topic, key, cast(headers as jsonb), convert_to(payload, 'UTF8')
                from unnest(cast(:ids as text[]), cast(:types as text[]), cast(:topics as text[]), cast(:keys as text[]),
                            cast(:headers as text[]), cast(:payloads as text[])) with ordinality
                     as e(id, type, topic, key, headers, payload, position)
                order by position
                """)
                .param("ids", ids).param("types", types).param("topics", topics).param("keys", keys)
                .param("headers", headerJson).param("payloads", payloads)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return envelopes;
    }
}
