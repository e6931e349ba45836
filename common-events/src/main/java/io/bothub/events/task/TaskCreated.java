package io.bothub.events.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * Someone asked for a task to be done.
 *
 * @param taskId               the task
 * @param title                short title
 * @param priority             {@code low}, {@code normal}, {@code high} or {@code urgent}
 * @param requiredCapabilities capabilities a bot needs to take it
 * @param botId                the bot chosen by the requester, or null to let BotHub choose
 * @param deadline             when it must be done by, if anything
 * @param requestedBy          the principal that asked
 * @param createdAt            when
 */
@EventType(name = "io.bothub.task.created", version = 1, topic = Topics.TASK_CREATED)
public record TaskCreated(String taskId, String title, String priority, List<String> requiredCapabilities,
        @Nullable String botId, @Nullable Instant deadline, String requestedBy, Instant createdAt)
        implements BotHubEvent {

    public TaskCreated {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        requiredCapabilities = requiredCapabilities == null ? List.of() : List.copyOf(requiredCapabilities);
    }

    @Override
    public String partitionKey() {
        return taskId;
    }
}
