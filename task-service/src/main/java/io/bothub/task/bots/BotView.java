package io.bothub.task.bots;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.support.inbox.IdempotentConsumer;

/**
 * task-service's own copy of the tenant's bots (status, enabled, capabilities), kept from bot-service's lifecycle
 * events: a requester may only name a bot of their tenant that this view knows. Each event is applied once, and an
 * event older than the fact held does not overwrite it. A bot going offline hands its tasks to {@link BotWentOffline}
 * in the same transaction.
 */
@Component
class BotView {

    static final String CONSUMER = "task-bot-view";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final List<BotWentOffline> offline;

    BotView(IdempotentConsumer idempotent, JdbcClient jdbc, List<BotWentOffline> offline) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
        this.offline = offline;
    }

    @KafkaListener(topics = Topics.BOT_LIFECYCLE)
    void on(EventEnvelope<BotHubEvent> event) {
        switch (event.data()) {
            case BotRegistered registered -> idempotent.apply(CONSUMER, event, e -> lifecycle(e.tenantId(),
                    registered.botId(), registered.capabilities(), true, registered.registeredAt()));
            case BotUpdated updated -> idempotent.apply(CONSUMER, event, e -> lifecycle(e.tenantId(),
                    updated.botId(), updated.capabilities(), updated.enabled(), updated.updatedAt()));
            case BotStatusChanged changed -> idempotent.apply(CONSUMER, event, e -> status(e.tenantId(), changed));
            default -> {
                // Endpoints and heartbeats do not concern tasks.
            }
        }
    }

    private void ensure(String tenantId, String botId) {
        jdbc.sql("insert into task_bot (tenant_id, bot_id) values (:tenant, :bot) on conflict do nothing")
                .param("tenant", tenantId).param("bot", botId).update();
    }

    private void lifecycle(String tenantId, String botId, List<String> capabilities, boolean enabled, Instant at) {
        ensure(tenantId, botId);
        jdbc.sql("""
                update task_bot set capabilities = :capabilities, enabled = :enabled, lifecycle_at = :at
                where tenant_id = :tenant and bot_id = :bot and lifecycle_at <= :at
                """)
                .param("capabilities", capabilities.toArray(String[]::new)).param("enabled", enabled)
                .param("at", Timestamp.from(at)).param("tenant", tenantId).param("bot", botId).update();
    }

    private void status(String tenantId, BotStatusChanged change) {
        ensure(tenantId, change.botId());
        int applied = jdbc.sql("""
                update task_bot set status = :status, status_at = :at
                where tenant_id = :tenant and bot_id = :bot and status_at <= :at
                """)
                .param("status", change.newStatus()).param("at", Timestamp.from(change.changedAt()))
                .param("tenant", tenantId).param("bot", change.botId()).update();
        // Only a fresh fact moves tasks: a late, older "offline" must not take work from a bot that is back.
        if (applied == 1 && "offline".equals(change.newStatus())) {
            offline.forEach(o -> o.botWentOffline(tenantId, change.botId()));
        }
    }
}
