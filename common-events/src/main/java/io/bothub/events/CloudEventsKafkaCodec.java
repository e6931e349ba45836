package io.bothub.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads events in the CloudEvents 1.0 Kafka protocol binding, binary content mode: the context
 * attributes travel as {@code ce_*} headers, the payload record as the JSON record value, and the record key is
 * the event's partition key. Any CloudEvents SDK can therefore read BotHub's topics.
 *
 * @see <a href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md">
 *      CloudEvents Kafka protocol binding</a>
 */
public final class CloudEventsKafkaCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPEC_VERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_TIME = "ce_time";
    public static final String H_TENANT_ID = "ce_tenantid";
    public static final String H_CORRELATION_ID = "ce_correlationid";
    public static final String H_CONTENT_TYPE = "content-type";

    private final JsonMapper json;

    public CloudEventsKafkaCodec() {
        // Consumers read only the fields they know, so producers may add fields within a version.
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** The headers of an event, in insertion order. */
    public Map<String, byte[]> headers(EventEnvelope<?> event) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(H_SPEC_VERSION, utf8(SPEC_VERSION));
        headers.put(H_ID, utf8(event.id()));
        headers.put(H_SOURCE, utf8(event.source().toString()));
        headers.put(H_TYPE, utf8(event.type()));
        headers.put(H_TIME, utf8(event.time().toString()));
        headers.put(H_TENANT_ID, utf8(event.tenantId()));
        headers.put(H_CORRELATION_ID, utf8(event.correlationId()));
        headers.put(H_CONTENT_TYPE, utf8(CONTENT_TYPE));
        return headers;
    }

    /** The JSON record value of an event: its payload. */
    public byte[] value(EventEnvelope<?> event) {
        return json.writeValueAsBytes(event.data());
    }

    /**
     * Reads a record back into an event.
     *
     * @param headers the record's headers, by name (the last value of a repeated header wins)
     * @param value   the record value
     * @throws EventFormatException with a message naming what is wrong
     */
    public EventEnvelope<BotHubEvent> read(Map<String, byte[]> headers, byte @Nullable [] value) {
        String specVersion = required(headers, H_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new EventFormatException("unsupported CloudEvents specversion '" + specVersion + "'; expected "
                    + SPEC_VERSION);
        }
        String type = required(headers, H_TYPE);
        Class<? extends BotHubEvent> eventClass = EventCatalog.classOf(type);
        String contentType = optional(headers, H_CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CONTENT_TYPE)) {
            throw new EventFormatException("unsupported content-type '" + contentType + "' for " + type);
        }
        if (value == null || value.length == 0) {
            throw new EventFormatException("event " + type + " has no data");
        }
        BotHubEvent data;
        try {
            data = json.readValue(value, eventClass);
        } catch (JacksonException e) {
            throw new EventFormatException("data of " + type + " does not match " + eventClass.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
        return new EventEnvelope<>(required(headers, H_ID), uri(required(headers, H_SOURCE)), type,
                instant(required(headers, H_TIME)), required(headers, H_TENANT_ID),
                required(headers, H_CORRELATION_ID), data);
    }

    private static String required(Map<String, byte[]> headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new EventFormatException("missing CloudEvents header '" + name + "'");
        }
        return value;
    }

    private static @Nullable String optional(Map<String, byte[]> headers, String name) {
        byte[] raw = headers.get(name);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private static URI uri(String source) {
        try {
            return new URI(source);
        } catch (URISyntaxException e) {
            throw new EventFormatException("ce_source '" + source + "' is not a URI reference", e);
        }
    }

    private static Instant instant(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventFormatException("ce_time '" + time + "' is not an RFC 3339 timestamp", e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
