package io.bothub.bot.callbacks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.bot.registry.BotKey;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.ProblemException;

/** Logs a verified callback and publishes it on {@code callback.received}, once per callback id. */
@Service
class AcceptingCallbacks {

    private final JdbcClient jdbc;
    private final Outbox outbox;

    AcceptingCallbacks(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    void accept(BotKey bot, String callbackId, String type, @Nullable String eventType, Map<String, Object> payload,
            @Nullable String sourceIp, @Nullable String requestId, Instant receivedAt, long startedNanos) {
        try {
            jdbc.sql("""
                    insert into callback_log (tenant_id, bot_id, callback_id, callback_type, event_type, source_ip,
                                              request_id, processing_ms, outcome, received_at)
                    values (:tenant, :bot, :id, :type, :eventType, :ip, :requestId, :ms, 'accepted', :at)
                    """)
                    .param("tenant", bot.tenantId()).param("bot", bot.botId()).param("id", callbackId)
                    .param("type", type).param("eventType", eventType).param("ip", sourceIp)
                    .param("requestId", requestId)
                    .param("ms", (int) ((System.nanoTime() - startedNanos) / 1_000_000))
                    .param("at", Timestamp.from(receivedAt))
                    .update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("replayed-callback",
                    "callback '" + callbackId + "' was already received; a webhook-id is accepted once");
        }
        outbox.add(bot.tenantId(), requestId,
                new CallbackReceived(callbackId, bot.botId(), type, eventType, payload, receivedAt));
    }
}
