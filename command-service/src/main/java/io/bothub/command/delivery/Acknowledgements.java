package io.bothub.command.delivery;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.queue.Command;
import io.bothub.command.queue.StateChanges;
import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.inbox.IdempotentConsumer;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bot's report of what it did with a command, by API call or by callback ({@code callback.received} with event
 * type {@code command.ack}). Only the command's own bot can report on it; a repeated report of the same outcome
 * changes nothing.
 */
@Component
class Acknowledgements {

    static final String CONSUMER = "command-acks";
    static final Set<String> ACK_EVENT_TYPES = Set.of("command.ack", "command.result");

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final IdempotentConsumer idempotent;
    private final JsonMapper json;

    Acknowledgements(JdbcClient jdbc, StateChanges states, IdempotentConsumer idempotent, JsonMapper json) {
        this.jdbc = jdbc;
        this.states = states;
        this.idempotent = idempotent;
        this.json = json;
    }

    /**
     * @param status {@code acknowledged} or {@code failed}
     * @return the command after the report
     */
    @Transactional
    Command report(String tenantId, String botId, UUID commandId, String status, @Nullable JsonNode result,
            @Nullable String error) {
        Command command = jdbc.sql("select " + Command.COLUMNS + " from command where tenant_id = :tenant and id = :id and bot_id = :bot")
                .param("tenant", tenantId).param("id", commandId).param("bot", botId)
                .query((rs, i) -> Command.from(rs, json)).optional()
                // Another bot's command looks like no command at all.
                .orElseThrow(() -> ProblemException.notFound("command", commandId.toString()));
        if (command.status().equals(status)) {
            return command;
        }
        return states.move(tenantId, commandId, Set.of(Command.QUEUED, Command.SENDING, Command.SENT), status,
                        "reported-by-bot", result, error)
                .orElseThrow(() -> ProblemException.conflict("invalid-transition", "command '" + commandId
                        + "' is " + command.status() + "; the bot cannot report it " + status + " now"));
    }

    @KafkaListener(topics = Topics.CALLBACK_RECEIVED)
    void on(EventEnvelope<BotHubEvent> event) {
        if (!(event.data() instanceof CallbackReceived callback) || !ACK_EVENT_TYPES.contains(callback.eventType())) {
            return;
        }
        idempotent.apply(CONSUMER, event, e -> fromCallback(e.tenantId(), callback));
    }

    private void fromCallback(String tenantId, CallbackReceived callback) {
        Map<String, Object> payload = callback.payload();
        UUID commandId;
        try {
            commandId = UUID.fromString(String.valueOf(payload.get("commandId")));
        } catch (IllegalArgumentException e) {
            return; // Not about one of our commands; nothing to apply.
        }
        String status = Command.FAILED.equals(payload.get("status")) ? Command.FAILED : Command.ACKNOWLEDGED;
        JsonNode result = payload.get("result") == null ? null : json.valueToTree(payload.get("result"));
        Object error = payload.get("error");
        try {
            report(tenantId, callback.botId(), commandId, status, result, error == null ? null : error.toString());
        } catch (ProblemException refused) {
            // Unknown command, another bot's, or already finished otherwise: the callback is kept by bot-service's
            // activity log; here there is nothing to change.
        }
    }
}
