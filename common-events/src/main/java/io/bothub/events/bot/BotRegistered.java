package io.bothub.events.bot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot joined a tenant's fleet. Carries what routing and dispatch need to start treating it as a candidate.
 *
 * @param botId                 the bot's id, unique within its tenant
 * @param name                  display name
 * @param groupId               the bot's group, if it was given one
 * @param capabilities          plain capability names
 * @param maxConcurrentSessions the most sessions routing may give it at once
 * @param weight                load-balancing weight for weighted round robin
 * @param webhookUrl            where work is pushed, or null for a bot that pulls
 * @param registeredAt          when it registered
 */
@EventType(name = "io.bothub.bot.registered", version = 1, topic = Topics.BOT_LIFECYCLE)
public record BotRegistered(String botId, String name, @Nullable String groupId, List<String> capabilities,
        int maxConcurrentSessions, int weight, @Nullable String webhookUrl, Instant registeredAt)
        implements BotHubEvent {

    public BotRegistered {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registeredAt, "registeredAt");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
