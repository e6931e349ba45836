package io.bothub.events.metrics;

import java.time.Instant;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * An incident's condition cleared (or a person resolved it).
 *
 * @param alertId    the incident
 * @param ruleId     its rule
 * @param reason     {@code cleared} or {@code resolved-by-user}
 * @param resolvedAt when
 */
@EventType(name = "io.bothub.metrics.alert-resolved", version = 1, topic = Topics.ALERTS)
public record AlertResolved(String alertId, String ruleId, String reason, Instant resolvedAt) implements BotHubEvent {

    public AlertResolved {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
    }

    @Override
    public String partitionKey() {
        return alertId;
    }
}
