package io.bothub.routing.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.inbox.IdempotentConsumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of sessions, from bots' message callbacks ({@code callback.received}, type {@code message}, with a
 * {@code conversationId} and {@code userId} in the payload). A message for a conversation BotHub has not seen opens a
 * session for it, assigned like any other (the bot that reported it first, if it has room). Each message gets the next
 * sequence number of its session; a callback delivered twice is stored once (its id is unique).
 */
@Component
class Messages {

    record Message(UUID sessionId, int seq, @Nullable String botId, String direction, String messageId,
            Object content, Instant sentAt) {
    }

    static final String CONSUMER = "routing-messages";

    private final JdbcClient jdbc;
    private final Assignments assignments;
    private final IdempotentConsumer idempotent;
    private final JsonMapper json;

    Messages(JdbcClient jdbc, Assignments assignments, IdempotentConsumer idempotent, JsonMapper json) {
        this.jdbc = jdbc;
        this.idempotent = idempotent;
        this.assignments = assignments;
        this.json = json;
    }

    @KafkaListener(topics = Topics.CALLBACK_RECEIVED)
    void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof CallbackReceived callback && "message".equals(callback.callbackType())
                && callback.payload().get("conversationId") instanceof String conversation
                && callback.payload().get("userId") instanceof String user) {
            idempotent.apply(CONSUMER, event, e -> record(e.tenantId(), callback, conversation, user));
        }
    }

    /** Runs in the idempotent consumer's transaction: the number, the message and the event's id commit together. */
    private void record(String tenantId, CallbackReceived callback, String conversationId, String userId) {
        UUID session = sessionOf(tenantId, conversationId).orElseGet(() -> open(tenantId, conversationId, userId, callback.botId()));
        // The session row is locked while the next number is taken, so concurrent messages get consecutive numbers.
        int seq = jdbc.sql("update session set message_count = message_count + 1 where id = :id returning message_count")
                .param("id", session).query(Integer.class).single();
        Object direction = callback.payload().getOrDefault("direction", "outbound");
        int stored = jdbc.sql("""
                insert into session_message (session_id, seq, tenant_id, bot_id, direction, message_id, content, sent_at)
                values (:session, :seq, :tenant, :bot, :direction, :message, cast(:content as jsonb), :at)
                on conflict (tenant_id, message_id) do nothing
                """)
                .param("session", session).param("seq", seq).param("tenant", tenantId).param("bot", callback.botId())
                .param("direction", "inbound".equals(direction) ? "inbound" : "outbound")
                .param("message", callback.callbackId()).param("content", json.writeValueAsString(callback.payload()))
                .param("at", Timestamp.from(callback.receivedAt())).update();
        if (stored == 0) {
            // The same callback under another event id: give the number back so the sequence has no gap.
            jdbc.sql("update session set message_count = message_count - 1 where id = :id").param("id", session).update();
        }
    }

    private Optional<UUID> sessionOf(String tenantId, String conversationId) {
        return jdbc.sql("select id from session where tenant_id = :tenant and conversation_id = :conversation")
                .param("tenant", tenantId).param("conversation", conversationId).query(UUID.class).optional();
    }

    private UUID open(String tenantId, String conversationId, String userId, String reportingBot) {
        UUID id = assignments.openFor(tenantId, conversationId, userId, reportingBot);
        return id;
    }

    List<Message> of(String tenantId, UUID sessionId) {
        return jdbc.sql("""
                select session_id, seq, bot_id, direction, message_id, content::text, sent_at from session_message
                where tenant_id = :tenant and session_id = :session order by seq
                """)
                .param("tenant", tenantId).param("session", sessionId)
                .query((rs, i) -> new Message(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), json.readValue(rs.getString(6), Map.class), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
