package io.bothub.support.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.EventFormatException;

/**
 * For a listener that handles a whole poll at once, where handling each event alone costs more than the event's work
 * (a round trip and a commit per event for a counter). Such a listener names
 * {@code containerFactory = EventBatches.CONTAINER_FACTORY}, takes {@code List<ConsumerRecord<String,
 * EventEnvelope<BotHubEvent>>>}, and its topics are listed in {@code bothub.messaging.batch-topics}, so that they get
 * no retry topics (which cannot carry batches).
 */
public final class EventBatches {

    /** The bean name of the batch listener container factory. */
    public static final String CONTAINER_FACTORY = "batchEvents";

    private EventBatches() {
    }

    /**
     * How a batch consumer fetches: it waits for a few dozen kilobytes (or 100 ms) before the broker answers. Asking
     * as soon as one record is there (Kafka's default), a busy topic's consumer fetched a handful of records at a
     * time, paying a broker request, a poll and a transaction or Redis script for each handful. The events these
     * consumers count may wait 100 ms; nothing on a command's or task's path waits for them.
     */
    public static Properties fetchProperties() {
        Properties fetch = new Properties();
        fetch.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 32 * 1024);
        fetch.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return fetch;
    }

    /**
     * The events of a poll, in order. A record that could not be read as an event fails the batch at that record, so
     * the records before it count as handled and it goes straight to the dead-letter topic.
     */
    public static List<EventEnvelope<BotHubEvent>> events(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        List<EventEnvelope<BotHubEvent>> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            EventEnvelope<BotHubEvent> event = records.get(i).value();
            if (event == null) {
                throw new BatchListenerFailedException("record " + i + " of the poll is not a BotHub event",
                        new EventFormatException("not a BotHub event"), i);
            }
            events.add(event);
        }
        return events;
    }
}
