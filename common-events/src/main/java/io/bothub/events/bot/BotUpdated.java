package io.bothub.events.bot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot's configuration changed. Carries the whole routing-relevant configuration after the change, so a consumer
 * can replace what it holds rather than merge.
 *
 * @param botId                 the bot
 * @param name                  display name
 * @param groupId               its group, if any
 * @param roleId                its role, if any
 * @param capabilities          capability names
 * @param maxConcurrentSessions the most sessions it may hold
 * @param weight                load-balancing weight
 * @param priority              higher is preferred when otherwise equal
 * @param tags                  free tags
 * @param enabled               false when an operator disabled it: it gets no new work
 * @param updatedAt             when
 */
@EventType(name = "io.bothub.bot.updated", version = 1, topic = Topics.BOT_LIFECYCLE)
public record BotUpdated(String botId, String name, @Nullable String groupId, @Nullable String roleId,
        List<String> capabilities, int maxConcurrentSessions, int weight, int priority, List<String> tags,
        boolean enabled, Instant updatedAt) implements BotHubEvent {

    public BotUpdated {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
