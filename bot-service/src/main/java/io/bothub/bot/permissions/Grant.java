package io.bothub.bot.permissions;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A grant as shown: to operators without credentials ({@code credentials} null, {@code hasCredentials} telling
 * whether there are any), to the holding bot with them.
 */
record Grant(UUID permissionId, String botId, String resourceType, String resourceId, String permissionLevel,
        boolean hasCredentials, @Nullable Map<String, String> credentials, String grantedBy, Instant grantedAt,
        @Nullable Instant expiresAt) {

    @Override
    public String toString() {
        return "Grant[" + permissionId + " " + resourceType + "/" + resourceId + " " + permissionLevel + "]";
    }
}
