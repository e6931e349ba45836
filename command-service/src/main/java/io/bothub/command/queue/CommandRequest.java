package io.bothub.command.queue;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A request to command one bot ({@code botId}), several ({@code botIds}) or a whole group ({@code groupId});
 * exactly one of the three. Several bots or a group make a batch: one command per bot under one batch id.
 *
 * @param priority    0 to 100, higher first; default 50
 * @param notBefore   not sent before this time
 * @param expiresAt   not sent after this time: the command expires instead
 * @param maxAttempts delivery attempts before the command fails
 */
public record CommandRequest(
        @Nullable @Size(max = 200) String botId,
        @Nullable @Size(max = 1000) List<@NotBlank String> botIds,
        @Nullable @Size(max = 200) String groupId,
        @NotBlank @Size(max = 100) String type,
        @Nullable JsonNode payload,
        @Nullable @Min(0) @Max(100) Integer priority,
        @Nullable Instant notBefore,
        @Nullable Instant expiresAt,
        @Nullable @Min(1) Integer maxAttempts) {
}
