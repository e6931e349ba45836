package io.bothub.bot.activity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.inbox.IdempotentConsumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one activity per event about a bot: registration, configuration and status changes, and callbacks (whose
 * payload may report {@code tokensUsed}). Each event is recorded once however often it is delivered.
 */
@Component
class ActivityLog {

    static final String CONSUMER = "activity-log";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ActivityLog(IdempotentConsumer idempotent, JdbcClient jdbc) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = {Topics.BOT_LIFECYCLE, Topics.CALLBACK_RECEIVED}, id = "bot-service-activity-log")
    void on(EventEnvelope<BotHubEvent> event) {
        switch (event.data()) {
            case BotRegistered bot -> record(event, bot.botId(), "registered", "registered as " + bot.name(),
                    Map.of("capabilities", bot.capabilities()), 0);
            case BotUpdated bot -> record(event, bot.botId(), "configuration", "configuration changed",
                    Map.of("enabled", bot.enabled(), "maxConcurrentSessions", bot.maxConcurrentSessions()), 0);
            case BotStatusChanged change -> record(event, change.botId(), "status",
                    change.previousStatus() + " → " + change.newStatus() + " (" + change.reason() + ")",
                    Map.of("changedBy", change.changedBy()), 0);
            case CallbackReceived callback -> record(event, callback.botId(), "callback." + callback.callbackType(),
                    callback.callbackType() + (callback.eventType() == null ? "" : " " + callback.eventType()),
                    Map.of("callbackId", callback.callbackId()), tokens(callback.payload().get("tokensUsed")));
            default -> {
                // not an activity of a bot
            }
        }
    }

    private void record(EventEnvelope<BotHubEvent> event, String botId, String type, String description,
            Map<String, Object> metadata, int tokens) {
        idempotent.apply(CONSUMER, event, e -> jdbc.sql("""
                insert into bot_activity (tenant_id, bot_id, activity_type, description, metadata, tokens_used, occurred_at)
                values (:t, :b, :type, :description, cast(:metadata as jsonb), :tokens, :at)
                """)
                .param("t", e.tenantId()).param("b", botId).param("type", type).param("description", description)
                .param("metadata", json.writeValueAsString(metadata)).param("tokens", tokens)
                .param("at", Timestamp.from(e.time())).update());
    }

    private static int tokens(@Nullable Object value) {
        return value instanceof Number number ? Math.max(0, number.intValue()) : 0;
    }

    /** One entry of the log. */
    record Activity(String activityType, String description, String metadata, int tokensUsed, Instant occurredAt) {
    }

    List<Activity> of(String tenantId, String botId, @Nullable String type, @Nullable Instant from,
            @Nullable Instant to, int page, int size) {
        return jdbc.sql("""
                select activity_type, description, metadata::text, tokens_used, occurred_at from bot_activity
                where tenant_id = :t and bot_id = :b
                  and (cast(:type as text) is null or activity_type = :type)
                  and (cast(:from as timestamptz) is null or occurred_at >= :from)
                  and (cast(:to as timestamptz) is null or occurred_at < :to)
                order by occurred_at desc, id desc limit :limit offset :offset
                """)
                .param("t", tenantId).param("b", botId).param("type", type)
                .param("from", from == null ? null : Timestamp.from(from))
                .param("to", to == null ? null : Timestamp.from(to))
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, i) -> new Activity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }
}
