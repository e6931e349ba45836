package io.bothub.tenant.usage;

import java.sql.Date;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.command.CommandQueued;
import io.bothub.support.inbox.IdempotentConsumer;

/**
 * Counts per tenant and UTC day the bots registered and the commands queued, once per event (a redelivered event
 * is not counted twice). {@code GET /api/v1/tenants/me/usage} reads the counts; the quotas themselves are enforced
 * where the work is accepted (bot-service, command-service, the gateway).
 */
@Component
class UsageCounter {

    static final String CONSUMER = "tenant-usage";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;

    UsageCounter(IdempotentConsumer idempotent, JdbcClient jdbc) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = {Topics.BOT_LIFECYCLE, Topics.COMMAND_QUEUED})
    void on(EventEnvelope<BotHubEvent> event) {
        switch (event.data()) {
            case BotRegistered registered -> idempotent.apply(CONSUMER, event,
                    e -> count(e.tenantId(), registered.registeredAt(), "bots_registered"));
            case CommandQueued queued -> idempotent.apply(CONSUMER, event,
                    e -> count(e.tenantId(), queued.queuedAt(), "commands_queued"));
            default -> {
                // Other events are not usage.
            }
        }
    }

    private void count(String tenantId, Instant at, String metric) {
        jdbc.sql("""
                insert into tenant_usage (tenant_id, day, metric, count) values (:tenant, :day, :metric, 1)
                on conflict (tenant_id, day, metric) do update set count = tenant_usage.count + 1
                """)
                .param("tenant", tenantId).param("day", Date.valueOf(at.atZone(ZoneOffset.UTC).toLocalDate()))
                .param("metric", metric).update();
    }
}
