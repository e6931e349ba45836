package io.bothub.events.tenant;

import java.time.Instant;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A tenant was deleted: every service removes that tenant's data when it reads this. The envelope's tenant id is
 * the deleted tenant.
 *
 * @param tenantId  the tenant
 * @param deletedBy the principal who deleted it
 * @param deletedAt when
 */
@EventType(name = "io.bothub.tenant.deleted", version = 1, topic = Topics.TENANT_LIFECYCLE)
public record TenantDeleted(String tenantId, String deletedBy, Instant deletedAt) implements BotHubEvent {

    public TenantDeleted {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deletedBy, "deletedBy");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    @Override
    public String partitionKey() {
        return tenantId;
    }
}
