package io.bothub.bot.quotas;

import java.sql.Timestamp;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.tenant.TenantConfigured;
import io.bothub.support.web.ProblemException;

/**
 * How many bots each tenant may have. The latest {@link TenantConfigured} wins by its time, so a redelivered or
 * late announcement changes nothing; registration checks the quota under a lock on the tenant's row, so two
 * registrations at once cannot both take the last place.
 */
@Component
public class BotQuota {

    private final JdbcClient jdbc;

    BotQuota(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = Topics.TENANT_LIFECYCLE, id = "bot-service-tenant-quotas")
    void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof TenantConfigured configured) {
            jdbc.sql("""
                    insert into tenant_quota (tenant_id, status, max_bots, changed_at) values (:tenant, :status, :max, :at)
                    on conflict (tenant_id) do update set status = excluded.status, max_bots = excluded.max_bots,
                        changed_at = excluded.changed_at
                    where tenant_quota.changed_at <= excluded.changed_at
                    """)
                    .param("tenant", configured.tenantId()).param("status", configured.status())
                    .param("max", configured.maxBots()).param("at", Timestamp.from(configured.changedAt())).update();
        }
    }

    /**
     * Refuses a new bot the tenant has no room for (409 {@code quota-exceeded}). Call inside the registering
     * transaction: the tenant's quota row stays locked until it commits.
     */
    public void requireRoomForOneMore(String tenantId) {
        jdbc.sql("select max_bots from tenant_quota where tenant_id = :tenant for update").param("tenant", tenantId)
                .query(Integer.class).optional().ifPresent(max -> {
                    int registered = jdbc.sql("select count(*) from bot where tenant_id = :tenant")
                            .param("tenant", tenantId).query(Integer.class).single();
                    if (registered >= max) {
                        throw new ProblemException(HttpStatus.CONFLICT, "quota-exceeded", "Quota exceeded",
                                "this tenant may have " + max + " bots and has " + registered
                                        + "; delete one or ask an administrator to raise the quota");
                    }
                });
    }
}
