package io.bothub.events.command;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A command moved to another state. States: {@code queued}, {@code sent} (the bot received it),
 * {@code acknowledged} (the bot reported it done), {@code failed}, {@code cancelled}, {@code expired}.
 *
 * @param commandId      the command
 * @param botId          its bot
 * @param commandType    for example {@code send_message}
 * @param batchId        its batch, if any
 * @param previousStatus the state before
 * @param newStatus      the state now
 * @param attempts       delivery attempts made so far
 * @param reason         why, for example {@code delivered}, {@code retries-exhausted}, {@code cancelled-by-user}
 * @param result         what the bot reported, for {@code acknowledged} and a bot-reported {@code failed}
 * @param changedAt      when
 */
@EventType(name = "io.bothub.command.status-changed", version = 1, topic = Topics.COMMAND_STATUS)
public record CommandStatusChanged(String commandId, String botId, String commandType, @Nullable String batchId,
        String previousStatus, String newStatus, int attempts, String reason, Map<String, Object> result,
        Instant changedAt) implements BotHubEvent {

    public CommandStatusChanged {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(commandType, "commandType");
        Objects.requireNonNull(previousStatus, "previousStatus");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changedAt, "changedAt");
        result = result == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
