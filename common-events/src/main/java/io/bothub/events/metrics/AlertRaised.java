package io.bothub.events.metrics;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * An alert rule fired: one event per incident, however long the condition lasts.
 *
 * @param alertId  the incident
 * @param ruleId   the rule that fired
 * @param kind     {@code bot-offline}, {@code performance-drop}, {@code error-rate}, {@code session-overload}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param botId    the bot concerned, if one
 * @param groupId  the group concerned, if one
 * @param message  what a person reads
 * @param value    the measured figure that crossed the threshold
 * @param threshold the threshold
 * @param raisedAt when
 */
@EventType(name = "io.bothub.metrics.alert-raised", version = 1, topic = Topics.ALERTS)
public record AlertRaised(String alertId, String ruleId, String kind, String severity, @Nullable String botId,
        @Nullable String groupId, String message, double value, double threshold, Instant raisedAt)
        implements BotHubEvent {

    public AlertRaised {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    @Override
    public String partitionKey() {
        return alertId;
    }
}
