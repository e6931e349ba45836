package io.bothub.bot.liveness;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * What a bot reports with each heartbeat. Every field is optional; an empty body means "alive and idle".
 *
 * @param status         {@code online}, {@code busy} or {@code error}
 * @param currentLoad    0.0 to 1.0
 * @param activeTasks    tasks in progress
 * @param activeSessions conversations held
 * @param cpuPercent     0 to 100
 * @param memoryPercent  0 to 100
 * @param version        the bot's software version
 */
record HeartbeatReport(
        @Nullable @Pattern(regexp = "online|busy|error", message = "must be online, busy or error") String status,
        @Nullable @DecimalMin("0.0") @DecimalMax("1.0") Double currentLoad,
        @Nullable @Min(0) Integer activeTasks,
        @Nullable @Min(0) Integer activeSessions,
        @Nullable @DecimalMin("0.0") @DecimalMax("100.0") Double cpuPercent,
        @Nullable @DecimalMin("0.0") @DecimalMax("100.0") Double memoryPercent,
        @Nullable @Size(max = 64) String version) {

    String statusOrOnline() {
        return status == null ? "online" : status;
    }

    double currentLoadOrZero() {
        return currentLoad == null ? 0 : currentLoad;
    }

    int activeTasksOrZero() {
        return activeTasks == null ? 0 : activeTasks;
    }

    int activeSessionsOrZero() {
        return activeSessions == null ? 0 : activeSessions;
    }
}
