package io.bothub.command.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.queue.Command;
import io.bothub.command.queue.StateChanges;
import tools.jackson.databind.JsonNode;

/** Writes what became of one delivery attempt, all in one transaction: the attempt's log, the state, the bot. */
@Component
class DeliveryRecords {

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final Claims claims;
    private final Clock clock;

    DeliveryRecords(JdbcClient jdbc, StateChanges states, Claims claims, Clock clock) {
        this.jdbc = jdbc;
        this.states = states;
        this.claims = claims;
        this.clock = clock;
    }

    /** The bot received it; {@code finalStatus} is sent, acknowledged or (bot-reported) failed. */
    @Transactional
    void delivered(Command command, WebhookPush.Response response, String finalStatus, @Nullable JsonNode result,
            @Nullable String error) {
        log(command, response.status(), response.latencyMillis(), "delivered", null);
        // From queued too: if this replica's lease lapsed while the bot was answering, the answer still counts,
        // so the command is not sent to a bot that already has it.
        states.move(command.tenantId(), command.id(), Set.of(Command.SENDING, Command.QUEUED), finalStatus,
                finalStatus.equals(Command.SENT) ? "delivered" : "answered-in-response", result, error);
        jdbc.sql("update command set delivered_via = 'push' where id = :id").param("id", command.id()).update();
        claims.freeBot(command.tenantId(), command.botId(), command.id(), clock.instant());
    }

    /** The attempt failed; the command goes back to the queue, or fails when its attempts are used up. */
    @Transactional
    void attemptFailed(Command command, int status, long latencyMillis, String outcome, String error, Instant retryAt) {
        log(command, status, latencyMillis, outcome, error);
        if (command.attempts() >= command.maxAttempts()) {
            states.move(command.tenantId(), command.id(), Set.of(Command.SENDING), Command.FAILED,
                    "retries-exhausted", null, error);
            claims.freeBot(command.tenantId(), command.botId(), command.id(), clock.instant());
        } else {
            requeue(command, false, error);
            claims.freeBot(command.tenantId(), command.botId(), command.id(), retryAt);
        }
    }

    /** Not attempted (circuit open, bulkhead full): back to the queue without using an attempt. */
    @Transactional
    void notAttempted(Command command, String outcome, Instant retryAt) {
        log(command, 0, 0, outcome, null);
        requeue(command, true, null);
        claims.freeBot(command.tenantId(), command.botId(), command.id(), retryAt);
    }

    /** 410 Gone: the endpoint is retired; the command waits for a pull or a new endpoint. */
    @Transactional
    void endpointGone(Command command, long latencyMillis) {
        log(command, 410, latencyMillis, "endpoint-gone", "the endpoint answered 410 Gone; no more pushes to it");
        requeue(command, true, null);
        jdbc.sql("update bot_endpoint set endpoint_gone = true where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", command.tenantId()).param("bot", command.botId()).update();
        claims.freeBot(command.tenantId(), command.botId(), command.id(), clock.instant());
    }

    private void requeue(Command command, boolean giveAttemptBack, @Nullable String error) {
        jdbc.sql("""
                update command set status = 'queued', lease_owner = null, lease_until = null, updated_at = :now,
                       attempts = attempts - :giveBack, last_error = coalesce(:error, last_error)
                where id = :id and status = 'sending'
                """)
                .param("now", Timestamp.from(clock.instant())).param("giveBack", giveAttemptBack ? 1 : 0)
                .param("error", error).param("id", command.id()).update();
    }

    void log(Command command, int status, long latencyMillis, String outcome, @Nullable String error) {
        jdbc.sql("""
                insert into delivery_attempt (command_id, tenant_id, attempt, attempted_at, status_code, latency_ms, outcome, error)
                values (:command, :tenant, :attempt, :at, :status, :latency, :outcome, :error)
                """)
                .param("command", command.id()).param("tenant", command.tenantId()).param("attempt", command.attempts())
                .param("at", Timestamp.from(clock.instant())).param("status", status == 0 ? null : status)
                .param("latency", status == 0 && latencyMillis == 0 ? null : (int) latencyMillis)
                .param("outcome", outcome).param("error", error == null ? null : truncate(error))
                .update();
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
