package io.bothub.events.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * routing-service chose a bot for a task that did not name one (the platform's single assignment decision).
 * A task no bot can take yet gets no event until one can.
 *
 * @param taskId     the task
 * @param botId      the chosen bot
 * @param reason     how it was chosen, for example {@code least-load}
 * @param candidates the bots that qualified, best first
 * @param routedAt   when
 */
@EventType(name = "io.bothub.task.routed", version = 1, topic = Topics.TASK_ROUTING)
public record TaskRouted(String taskId, String botId, String reason, List<String> candidates, Instant routedAt)
        implements BotHubEvent {

    public TaskRouted {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(routedAt, "routedAt");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    @Override
    public String partitionKey() {
        return taskId;
    }
}
