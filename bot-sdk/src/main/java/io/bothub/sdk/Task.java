package io.bothub.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A task BotHub handed to this bot (seed 000: "resize these ECS instances", "summarise this document").
 *
 * @param taskId               quote it when reporting
 * @param title                what to do, in short
 * @param description          more words, if the requester gave them
 * @param params               the requester's JSON object, such as {@code {"instances":["i-1"]}}
 * @param priority             {@code low}, {@code normal}, {@code high} or {@code urgent}
 * @param requiredCapabilities what the requester said the bot needs
 * @param deadline             when BotHub gives up on it (the task fails), if ever
 */
public record Task(String taskId, String title, @Nullable String description, JsonNode params, String priority,
        List<String> requiredCapabilities, @Nullable Instant deadline) {

    static Task from(JsonNode task) {
        List<String> capabilities = new ArrayList<>();
        JsonNode required = task.get("requiredCapabilities");
        if (required != null) {
            required.forEach(c -> capabilities.add(c.asString()));
        }
        JsonNode description = task.get("description");
        JsonNode deadline = task.get("deadline");
        return new Task(task.get("id").asString(), task.get("title").asString(),
                description == null || description.isNull() ? null : description.asString(), task.get("params"),
                task.get("priority").asString(), List.copyOf(capabilities),
                deadline == null || deadline.isNull() ? null : Instant.parse(deadline.asString()));
    }
}
