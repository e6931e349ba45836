package io.bothub.events.tenant;

import java.time.Instant;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A tenant's standing and quotas as they are now: published at sign-up and on every change of status or quota.
 * Services that enforce a quota keep the latest one per tenant.
 *
 * @param tenantId          the tenant
 * @param status            {@code active} or {@code suspended}
 * @param maxBots           how many bots it may register
 * @param requestsPerMinute how many API requests its principals together may make per minute
 * @param commandsPerDay    how many commands it may queue per UTC day
 * @param changedAt         when
 */
@EventType(name = "io.bothub.tenant.configured", version = 1, topic = Topics.TENANT_LIFECYCLE)
public record TenantConfigured(String tenantId, String status, int maxBots, int requestsPerMinute, int commandsPerDay,
        Instant changedAt) implements BotHubEvent {

    public TenantConfigured {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    @Override
    public String partitionKey() {
        return tenantId;
    }
}
