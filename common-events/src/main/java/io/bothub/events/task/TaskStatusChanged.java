package io.bothub.events.task;

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
 * A task moved to another state. States: {@code pending_approval}, {@code pending} (waiting for a bot),
 * {@code assigned}, {@code running}, {@code completed}, {@code failed}, {@code rejected}, {@code cancelled}.
 * A progress report while running is published with the same state before and after and {@code progress} set.
 *
 * @param taskId         the task
 * @param botId          the bot it is assigned to, if any
 * @param previousStatus the state before
 * @param newStatus      the state now
 * @param reason         why, for example {@code approved}, {@code routed}, {@code deadline-passed}, {@code bot-offline}
 * @param progress       percent done, 0 to 100, when the bot reported it
 * @param result         what the bot reported with {@code completed} or {@code failed}
 * @param changedAt      when
 */
@EventType(name = "io.bothub.task.status-changed", version = 1, topic = Topics.TASK_STATUS)
public record TaskStatusChanged(String taskId, @Nullable String botId, String previousStatus, String newStatus,
        String reason, @Nullable Integer progress, Map<String, Object> result, Instant changedAt)
        implements BotHubEvent {

    public TaskStatusChanged {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(previousStatus, "previousStatus");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changedAt, "changedAt");
        result = result == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    @Override
    public String partitionKey() {
        return taskId;
    }
}
