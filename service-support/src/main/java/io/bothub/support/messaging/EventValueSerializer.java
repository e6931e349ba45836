package io.bothub.support.messaging;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;

/**
 * Writes record values: the outbox relay hands over bytes it stored, direct sends hand over envelopes, and
 * dead-letter publishing hands back whichever the failed record held. For an envelope the CloudEvents headers
 * are added here too.
 */
public class EventValueSerializer implements Serializer<Object> {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        if (data instanceof EventEnvelope<?> envelope) {
            if (headers != null && headers.lastHeader(CloudEventsKafkaCodec.H_ID) == null) {
                codec.headers(envelope).forEach(headers::add);
            }
            return codec.value(envelope);
        }
        throw new IllegalArgumentException("cannot write a " + data.getClass().getName() + " to " + topic
                + "; send an EventEnvelope or bytes");
    }
}
