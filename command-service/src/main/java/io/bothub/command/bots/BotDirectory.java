package io.bothub.command.bots;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotEndpointChanged;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.support.inbox.IdempotentConsumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * command-service's own copy of what it needs about each bot (group, status, endpoint, signing secrets), kept from
 * bot-service's lifecycle events so that delivery never calls bot-service. Each kind of fact carries its own
 * timestamp, so an event redelivered or arriving late never overwrites a newer fact of its kind.
 */
@Component
class BotDirectory {

    static final String CONSUMER = "command-bot-directory";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    BotDirectory(IdempotentConsumer idempotent, JdbcClient jdbc, JsonMapper json) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
        this.json = json;
    }

    @KafkaListener(topics = Topics.BOT_LIFECYCLE)
    void on(EventEnvelope<BotHubEvent> event) {
        switch (event.data()) {
            case BotRegistered registered -> idempotent.apply(CONSUMER, event,
                    e -> lifecycle(e.tenantId(), registered.botId(), registered.groupId(), registered.registeredAt()));
            case BotUpdated updated -> idempotent.apply(CONSUMER, event,
                    e -> lifecycle(e.tenantId(), updated.botId(), updated.groupId(), updated.updatedAt()));
            case BotStatusChanged changed -> idempotent.apply(CONSUMER, event, e -> status(e.tenantId(), changed));
            case BotEndpointChanged endpoint -> idempotent.apply(CONSUMER, event, e -> endpoint(e.tenantId(), endpoint));
            default -> {
                // Heartbeat-level facts do not concern delivery.
            }
        }
    }

    private void ensure(String tenantId, String botId) {
        jdbc.sql("insert into bot_endpoint (tenant_id, bot_id) values (:tenant, :bot) on conflict do nothing")
                .param("tenant", tenantId).param("bot", botId).update();
    }

    private void lifecycle(String tenantId, String botId, @Nullable String groupId, Instant at) {
        ensure(tenantId, botId);
        jdbc.sql("""
                update bot_endpoint set group_id = :group, lifecycle_at = :at
                where tenant_id = :tenant and bot_id = :bot and lifecycle_at <= :at
                """)
                .param("group", groupId).param("at", Timestamp.from(at))
                .param("tenant", tenantId).param("bot", botId).update();
    }

    private void status(String tenantId, BotStatusChanged change) {
        ensure(tenantId, change.botId());
        jdbc.sql("""
                update bot_endpoint set status = :status, status_at = :at
                where tenant_id = :tenant and bot_id = :bot and status_at <= :at
                """)
                .param("status", change.newStatus()).param("at", Timestamp.from(change.changedAt()))
                .param("tenant", tenantId).param("bot", change.botId()).update();
    }

    private void endpoint(String tenantId, BotEndpointChanged endpoint) {
        ensure(tenantId, endpoint.botId());
        List<Map<String, Object>> sealed = endpoint.signingSecrets().stream()
                .map(s -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("keyId", s.keyId());
                    m.put("ciphertext", s.ciphertext());
                    m.put("validUntil", s.validUntil() == null ? null : s.validUntil().toString());
                    return m;
                })
                .toList();
        // A new endpoint announcement clears a previous 410: the bot says where it can be reached now.
        jdbc.sql("""
                update bot_endpoint set webhook_url = :url, signing_secrets = cast(:secrets as jsonb),
                       endpoint_gone = false, endpoint_at = :at
                where tenant_id = :tenant and bot_id = :bot and endpoint_at <= :at
                """)
                .param("url", endpoint.webhookUrl()).param("secrets", json.writeValueAsString(sealed))
                .param("at", Timestamp.from(endpoint.changedAt()))
                .param("tenant", tenantId).param("bot", endpoint.botId()).update();
    }
}
