package io.bothub.events.bot;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot reported that it is alive, and how loaded it is.
 *
 * @param botId          the bot
 * @param status         the status the bot reports: {@code online}, {@code busy} or {@code error}
 * @param currentLoad    the bot's own load figure, 0.0 to 1.0
 * @param activeTasks    tasks it is working on
 * @param activeSessions conversations it is holding
 * @param cpuPercent     CPU use, 0 to 100, if the bot reports it
 * @param memoryPercent  memory use, 0 to 100, if the bot reports it
 * @param version        the bot's software version, if reported
 * @param receivedAt     when BotHub accepted the heartbeat
 */
@EventType(name = "io.bothub.bot.heartbeat", version = 1, topic = Topics.BOT_HEARTBEAT)
public record BotHeartbeat(String botId, String status, double currentLoad, int activeTasks, int activeSessions,
        @Nullable Double cpuPercent, @Nullable Double memoryPercent, @Nullable String version, Instant receivedAt)
        implements BotHubEvent {

    public BotHeartbeat {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
