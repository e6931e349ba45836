package io.bothub.bot.registry;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A bot as the API shows it: never its credentials. */
record BotDetails(String botId, String name, @Nullable String groupId, List<String> capabilities,
        int maxConcurrentSessions, int weight, @Nullable String webhookUrl, int heartbeatIntervalSeconds, String status,
        Instant registeredAt) {

    static BotDetails of(Bot bot) {
        return new BotDetails(bot.botId(), bot.name(), bot.groupId(), bot.capabilities(),
                bot.maxConcurrentSessions(), bot.weight(), bot.webhookUrl(), bot.heartbeatIntervalSeconds(), bot.status(),
                bot.registeredAt());
    }
}
