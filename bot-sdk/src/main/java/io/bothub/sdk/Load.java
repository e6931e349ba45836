package io.bothub.sdk;

import org.jspecify.annotations.Nullable;

/**
 * What a bot reports in a heartbeat.
 *
 * @param status         {@code online}, {@code busy} or {@code error}
 * @param currentLoad    0.0 to 1.0
 * @param activeTasks    tasks in progress
 * @param activeSessions conversations held
 * @param cpuPercent     0 to 100, if known
 * @param memoryPercent  0 to 100, if known
 */
public record Load(String status, double currentLoad, int activeTasks, int activeSessions,
        @Nullable Double cpuPercent, @Nullable Double memoryPercent) {

    public static Load idle() {
        return new Load("online", 0, 0, 0, null, null);
    }
}
