package io.bothub.support.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.EventFormatException;

/**
 * Reads a Kafka record in the CloudEvents binding into an {@link EventEnvelope}. Used behind Spring's
 * {@code ErrorHandlingDeserializer}, so a record it refuses goes to the dead-letter topic instead of stopping
 * the partition.
 */
public class EventEnvelopeDeserializer implements Deserializer<EventEnvelope<BotHubEvent>> {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    @Override
    public EventEnvelope<BotHubEvent> deserialize(String topic, byte[] data) {
        throw new EventFormatException("a record on " + topic + " has no headers; BotHub events carry CloudEvents "
                + "attributes as headers");
    }

    @Override
    public EventEnvelope<BotHubEvent> deserialize(String topic, Headers headers, byte[] data) {
        Map<String, byte[]> byName = new HashMap<>();
        for (Header header : headers) {
            byName.put(header.key(), header.value());
        }
        return codec.read(byName, data);
    }
}
