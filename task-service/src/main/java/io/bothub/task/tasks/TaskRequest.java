package io.bothub.task.tasks;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A request for a task (seed 000's tasks table): what to do, for whom, how urgent, by when.
 *
 * @param params               free JSON object the bot reads, such as {@code {"instances":["i-1"],"size":"ecs.g7.large"}}
 * @param priority             {@code low}, {@code normal} (default), {@code high} or {@code urgent}
 * @param requiredCapabilities a bot needs every one of these to be routed the task
 * @param botId                a bot of the tenant to give it to, instead of letting routing choose
 */
public record TaskRequest(
        @NotBlank @Size(max = 200) String title,
        @Nullable @Size(max = 10_000) String description,
        @Nullable JsonNode params,
        @Nullable String priority,
        @Nullable Instant deadline,
        @Nullable @Size(max = 20) List<@NotBlank @Size(max = 100) String> requiredCapabilities,
        @Nullable @Size(max = 200) String botId) {
}
