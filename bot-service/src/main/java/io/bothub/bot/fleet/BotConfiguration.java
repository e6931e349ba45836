package io.bothub.bot.fleet;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * A change to a bot's configuration; fields left out stay as they are.
 *
 * @param groupId  an existing group of the tenant
 * @param roleId   an existing role
 */
record BotConfiguration(
        @Nullable @Size(min = 1, max = 120) String name,
        @Nullable String groupId,
        @Nullable String roleId,
        @Nullable @Size(max = 50) List<@Pattern(regexp = "[a-z0-9][a-z0-9._:-]{0,63}",
                message = "must be a lower-case capability name") String> capabilities,
        @Nullable @Min(-100) @Max(100) Integer priority,
        @Nullable @Min(1) @Max(10_000) Integer maxConcurrentSessions,
        @Nullable @Min(1) @Max(1_000) Integer weight,
        @Nullable @Min(1) @Max(3_600) Integer heartbeatIntervalSeconds,
        @Nullable @Size(max = 50) List<@Size(min = 1, max = 64) String> enabledIntents,
        @Nullable Map<String, Object> modelConfig,
        @Nullable Map<String, Object> responseConfig,
        @Nullable @Size(max = 50) List<@Size(min = 1, max = 64) String> tags,
        @Nullable Map<String, Object> metadata) {
}
