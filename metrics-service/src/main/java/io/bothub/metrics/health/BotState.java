package io.bothub.metrics.health;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A bot as metrics-service knows it: its metadata from bot.lifecycle and its last heartbeat. */
public record BotState(String tenantId, String botId, String name, @Nullable String groupId, @Nullable String roleId,
        int maxSessions, boolean enabled, String status, @Nullable Instant lastHeartbeatAt, @Nullable Double cpuPercent,
        @Nullable Double memoryPercent, @Nullable Double currentLoad, int activeSessions, int activeTasks) {

    /** Online or busy: taking work. */
    public boolean live() {
        return status.equals("online") || status.equals("busy");
    }
}
