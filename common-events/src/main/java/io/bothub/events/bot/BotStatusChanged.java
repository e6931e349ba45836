package io.bothub.events.bot;

import java.time.Instant;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot's status changed. Status values: {@code online}, {@code offline}, {@code busy}, {@code error},
 * {@code disabled}; consumers treat a value they do not know as "not available".
 *
 * @param botId          the bot
 * @param previousStatus the status before
 * @param newStatus      the status now
 * @param reason         why, for example {@code heartbeat-timeout} or {@code manual}
 * @param changedBy      who changed it: {@code system} or a principal id
 * @param changedAt      when
 */
@EventType(name = "io.bothub.bot.status-changed", version = 1, topic = Topics.BOT_LIFECYCLE)
public record BotStatusChanged(String botId, String previousStatus, String newStatus, String reason,
        String changedBy, Instant changedAt) implements BotHubEvent {

    public BotStatusChanged {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(previousStatus, "previousStatus");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
