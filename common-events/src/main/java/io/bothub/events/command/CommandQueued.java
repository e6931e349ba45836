package io.bothub.events.command;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A command was accepted into a bot's queue.
 *
 * @param commandId   the command
 * @param botId       the bot it is for
 * @param commandType for example {@code send_message}, {@code set_config}, {@code restart}
 * @param priority    higher goes first
 * @param batchId     the broadcast or batch it belongs to, if any
 * @param notBefore   it is not sent before this time, if set
 * @param queuedAt    when it was accepted
 */
@EventType(name = "io.bothub.command.queued", version = 1, topic = Topics.COMMAND_QUEUED)
public record CommandQueued(String commandId, String botId, String commandType, int priority,
        @Nullable String batchId, @Nullable Instant notBefore, Instant queuedAt) implements BotHubEvent {

    public CommandQueued {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(commandType, "commandType");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
