package io.bothub.support.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.outbox.*}: how the relay moves events from the outbox table to Kafka.
 *
 * @param relayEnabled   whether this instance runs the relay (tests that simulate a crash turn it off)
 * @param pollInterval   how often the relay looks for events when no commit woke it
 * @param batchSize      the most events one relay pass sends
 * @param sendTimeout    how long the relay waits for the broker to acknowledge a batch
 * @param maxBackoff     the longest wait before a failed event is tried again
 * @param keepPublished  how long published rows stay, marked published, for inspection before they are deleted; 0
 *                       (the default) deletes a row as soon as the broker acknowledged its event, which costs the
 *                       database a third of marking it
 */
@ConfigurationProperties("bothub.outbox")
public record OutboxSettings(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("0s") Duration keepPublished) {
}
