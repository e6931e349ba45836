package io.bothub.events;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A CloudEvents 1.0 event as BotHub sends it: the context attributes plus two extensions, {@code tenantid} and
 * {@code correlationid}, and the payload record as its data.
 *
 * @param id            unique per event; consumers deduplicate on it
 * @param source        the producing service, for example {@code /bothub/bot-service}
 * @param type          {@code <event name>.v<version>}, see {@link EventType}
 * @param time          when the fact happened
 * @param tenantId      the tenant the fact belongs to
 * @param correlationId ties together the events of one request or flow; never null, a new flow starts a new id
 * @param data          the payload
 */
public record EventEnvelope<T extends BotHubEvent>(
        String id, URI source, String type, Instant time, String tenantId, String correlationId, T data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(data, "data");
    }

    /** A new envelope for a fact that happens now, with a fresh id and, if none is given, a fresh correlation id. */
    public static <T extends BotHubEvent> EventEnvelope<T> of(
            URI source, String tenantId, @Nullable String correlationId, T data) {
        String id = TimeOrderedIds.next().toString();
        return new EventEnvelope<>(id, source, EventCatalog.typeOf(data.getClass()), Instant.now(), tenantId,
                correlationId == null ? id : correlationId, data);
    }

    /** The topic this event is published on. */
    public String topic() {
        return EventCatalog.annotationOf(data.getClass()).topic();
    }

    /** The Kafka record key. */
    public String key() {
        return data.partitionKey();
    }
}
