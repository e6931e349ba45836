package io.bothub.bot.fleet;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One bot in a fleet listing. */
record BotSummary(String botId, String name, String status, boolean enabled, @Nullable String groupId,
        @Nullable String roleId, List<String> capabilities, List<String> tags, int priority,
        int maxConcurrentSessions, int weight) {
}
