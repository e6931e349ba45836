package io.bothub.sdk;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a bot introduces itself. Only the name is required.
 *
 * @param botId                    wanted id, unique in the tenant; generated when null
 * @param name                     display name
 * @param groupId                  one of the tenant's groups, such as {@code customer-service}
 * @param capabilities             what it can do, such as {@code chat}, {@code translate}
 * @param maxConcurrentSessions    how many conversations it can hold at once
 * @param webhookUrl               where BotHub pushes work; null to pull instead
 * @param heartbeatIntervalSeconds how often it will beat
 */
public record Registration(@Nullable String botId, String name, @Nullable String groupId, List<String> capabilities,
        @Nullable Integer maxConcurrentSessions, @Nullable String webhookUrl, @Nullable Integer heartbeatIntervalSeconds) {

    public static Registration named(String name) {
        return new Registration(null, name, null, List.of(), null, null, null);
    }

    public Registration withId(String id) {
        return new Registration(id, name, groupId, capabilities, maxConcurrentSessions, webhookUrl,
                heartbeatIntervalSeconds);
    }

    public Registration withCapabilities(String... names) {
        return new Registration(botId, name, groupId, List.of(names), maxConcurrentSessions, webhookUrl,
                heartbeatIntervalSeconds);
    }

    public Registration inGroup(String group) {
        return new Registration(botId, name, group, capabilities, maxConcurrentSessions, webhookUrl,
                heartbeatIntervalSeconds);
    }

    public Registration beatingEvery(int seconds) {
        return new Registration(botId, name, groupId, capabilities, maxConcurrentSessions, webhookUrl, seconds);
    }
}
