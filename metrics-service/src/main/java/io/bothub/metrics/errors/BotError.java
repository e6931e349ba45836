package io.bothub.metrics.errors;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An error a bot ran into (seed 002's robot_error_logs).
 *
 * @param type {@code command_error} (a command failed or expired), {@code task_error} (a task failed) or
 *             {@code callback_error} (the bot reported an error)
 * @param code the failure's reason or the code the bot gave
 */
record BotError(String id, String botId, String type, @Nullable String code, String message,
        @Nullable String requestId, @Nullable String commandId, @Nullable String sessionId, Instant occurredAt,
        boolean resolved, @Nullable Instant resolvedAt, @Nullable String resolvedBy) {
}
