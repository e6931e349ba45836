package io.bothub.routing.fleet;

import java.sql.Timestamp;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.metrics.BotHealthReported;
import io.bothub.support.inbox.IdempotentConsumer;

/**
 * Keeps {@code fleet_bot} in step with {@code bot.lifecycle}. Each event is applied once (a redelivery changes
 * nothing), and an event older than what the view holds does not overwrite it.
 */
@Component
class FleetView {

    static final String CONSUMER = "fleet-view";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Fleet fleet;

    FleetView(IdempotentConsumer idempotent, JdbcClient jdbc, ApplicationEventPublisher events, Fleet fleet) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
        this.events = events;
        this.fleet = fleet;
    }

    @KafkaListener(topics = Topics.BOT_LIFECYCLE)
    void on(EventEnvelope<BotHubEvent> event) {
        switch (event.data()) {
            case BotRegistered registered -> idempotent.apply(CONSUMER, event, e -> add(e.tenantId(), registered));
            case BotStatusChanged changed -> {
                if (idempotent.apply(CONSUMER, event, e -> changeStatus(e.tenantId(), changed))) {
                    fleet.forget(event.tenantId());
                    events.publishEvent(new BotAvailabilityChanged(event.tenantId(), changed.botId(), changed.newStatus()));
                }
            }
            case BotUpdated updated -> idempotent.apply(CONSUMER, event, e -> update(e.tenantId(), updated));
            default -> {
                // Other lifecycle events do not concern the fleet view yet.
            }
        }
        // After the change committed, so no assignment caches the state before it.
        fleet.forget(event.tenantId());
    }

    /**
     * Health snapshots need no inbox: the newest snapshot wins by its time, so applying one twice, or an older one
     * late, changes nothing.
     */
    @KafkaListener(topics = Topics.BOT_HEALTH)
    void onHealth(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof BotHealthReported health) {
            jdbc.sql("""
                    update fleet_bot set health_score = :score, avg_response_ms = :response, success_rate = :success,
                           health_at = :at
                    where tenant_id = :tenant and bot_id = :bot and (health_at is null or health_at <= :at)
                    """)
                    .param("score", health.healthScore()).param("response", health.avgResponseMillis())
                    .param("success", health.successRate()).param("at", Timestamp.from(health.computedAt()))
                    .param("tenant", event.tenantId()).param("bot", health.botId()).update();
            fleet.forget(event.tenantId());
        }
    }

    private void add(String tenantId, BotRegistered bot) {
        jdbc.sql("""
                insert into fleet_bot (tenant_id, bot_id, name, group_id, capabilities, max_concurrent_sessions,
                                       weight, status, updated_at)
                values (:tenant, :bot, :name, :group, :capabilities, :maxSessions, :weight, 'offline', :at)
                on conflict (tenant_id, bot_id) do update set
                    name = excluded.name, group_id = excluded.group_id, capabilities = excluded.capabilities,
                    max_concurrent_sessions = excluded.max_concurrent_sessions, weight = excluded.weight,
                    updated_at = excluded.updated_at
                where fleet_bot.updated_at <= excluded.updated_at
                """)
                .param("tenant", tenantId)
                .param("bot", bot.botId())
                .param("name", bot.name())
                .param("group", bot.groupId())
                .param("capabilities", bot.capabilities().toArray(String[]::new))
                .param("maxSessions", bot.maxConcurrentSessions())
                .param("weight", bot.weight())
                .param("at", Timestamp.from(bot.registeredAt()))
                .update();
    }

    private void update(String tenantId, BotUpdated bot) {
        jdbc.sql("""
                update fleet_bot set name = :name, group_id = :group, role_id = :role, capabilities = :capabilities,
                       max_concurrent_sessions = :maxSessions, weight = :weight, priority = :priority,
                       enabled = :enabled, updated_at = :at
                where tenant_id = :tenant and bot_id = :bot and updated_at <= :at
                """)
                .param("name", bot.name()).param("group", bot.groupId()).param("role", bot.roleId())
                .param("capabilities", bot.capabilities().toArray(String[]::new))
                .param("maxSessions", bot.maxConcurrentSessions()).param("weight", bot.weight())
                .param("priority", bot.priority()).param("enabled", bot.enabled())
                .param("at", Timestamp.from(bot.updatedAt())).param("tenant", tenantId).param("bot", bot.botId())
                .update();
    }

    private void changeStatus(String tenantId, BotStatusChanged change) {
        jdbc.sql("""
                update fleet_bot set status = :status, updated_at = :at
                where tenant_id = :tenant and bot_id = :bot and updated_at <= :at
                """)
                .param("status", change.newStatus())
                .param("at", Timestamp.from(change.changedAt()))
                .param("tenant", tenantId)
                .param("bot", change.botId())
                .update();
    }

}
