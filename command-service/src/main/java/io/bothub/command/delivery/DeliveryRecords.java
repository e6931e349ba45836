package io.bothub.command.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.GenericPlans;
import io.bothub.command.queue.Command;
import io.bothub.command.queue.StateChanges;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Writes what became of one delivery attempt, all in one transaction: the attempt's log, the state, the bot. */
@Component
class DeliveryRecords {

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final Claims claims;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryRecords(JdbcClient jdbc, StateChanges states, Claims claims, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.states = states;
        this.claims = claims;
        this.clock = clock;
    }

    /**
     * A delivery the bot took: {@code finalStatus} is sent, acknowledged or (bot-reported) failed. {@code freesBot}
     * when it was the last command of its window: recording it frees the bot for its next commands.
     */
    record Delivered(Command command, int statusCode, long latencyMillis, String finalStatus, @Nullable JsonNode result,
            @Nullable String error, boolean freesBot) {
    }

    /**
     * Records deliveries the bots took. This is the hot path of every command, so a batch of them is one statement
     * (states, attempts' log, bots released) and one more for their events, in one transaction, which also takes
     * the bots' next commands for {@code owner} (of the bots this batch frees).
     *
     * @param owner the dispatcher to take the bots' next commands for; null to take none
     * @return the windows taken next
     */
    @Transactional
    List<Claims.Window> delivered(List<Delivered> deliveries, @Nullable String owner, int window, Duration lease) {
        GenericPlans.forThisTransaction(jdbc);
        Instant now = clock.instant();
        int n = deliveries.size();
        String[] ids = new String[n];
        String[] statuses = new String[n];
        String[] results = new String[n];
        String[] errors = new String[n];
        Integer[] attempts = new Integer[n];
        Integer[] codes = new Integer[n];
        Integer[] latencies = new Integer[n];
        String[] tenants = new String[n];
        String[] bots = new String[n];
        for (int i = 0; i < n; i++) {
            Delivered d = deliveries.get(i);
            ids[i] = d.command().id().toString();
            statuses[i] = d.finalStatus();
            results[i] = d.result() == null ? null : json.writeValueAsString(d.result());
            errors[i] = d.error();
            attempts[i] = d.command().attempts();
            codes[i] = d.statusCode();
            latencies[i] = (int) d.latencyMillis();
            tenants[i] = d.command().tenantId();
            bots[i] = d.command().botId();
        }
        // From queued too: if this replica's lease lapsed while the bot was answering, the answer still counts,
        // so the command is not sent to a bot that already has it.
        List<StateChanges.Written> changed = jdbc.sql("""
                with input as (
                    select * from unnest(cast(:ids as uuid[]), cast(:statuses as text[]), cast(:results as text[]),
                                         cast(:errors as text[]), cast(:attempts as int[]), cast(:codes as int[]),
                                         cast(:latencies as int[]), cast(:tenants as text[]), cast(:bots as text[]))
                         as t(id, status, result, error, attempt, code, latency, tenant, bot)
                ), previous as (
                    select c.id, c.status from command c join input i on i.id = c.id
                    where c.status in ('sending', 'queued') for update of c
                ), changed as (
                    update command c set status = i.status, updated_at = :now, delivered_via = 'push',
                           sent_at = coalesce(c.sent_at, :now),
                           finished_at = case when i.status <> 'sent' then :now else c.finished_at end,
                           result = coalesce(cast(i.result as jsonb), c.result),
                           last_error = coalesce(i.error, c.last_error), lease_owner = null, lease_until = null
                    from input i join previous p on p.id = i.id
                    where c.id = i.id
                    returning\s""" + Command.columnsOf("c") + """
                , p.status as previous_status
                ), attempt as (
                    insert into delivery_attempt (command_id, tenant_id, attempt, attempted_at, status_code, latency_ms, outcome)
                    select i.id, i.tenant, i.attempt, :now, i.code, i.latency, 'delivered' from input i
                ), freed as (
                    update bot_endpoint b set in_flight_command = null, in_flight_until = null
                    from input i
                    where b.tenant_id = i.tenant and b.bot_id = i.bot and b.in_flight_command = i.id
                )
                select * from changed
                """)
                .param("ids", ids).param("statuses", statuses).param("results", results).param("errors", errors)
                .param("attempts", attempts).param("codes", codes).param("latencies", latencies)
                .param("tenants", tenants).param("bots", bots).param("now", Timestamp.from(now))
                .query((rs, i) -> {
                    Command command = Command.from(rs, json);
                    return new StateChanges.Written(command, rs.getString(21),
                            command.status().equals(Command.SENT) ? "delivered" : "answered-in-response", now);
                })
                .list();
        states.publishAll(changed);
        List<Delivered> freeing = deliveries.stream().filter(Delivered::freesBot).toList();
        if (owner == null || freeing.isEmpty()) {
            return List.of();
        }
        return claims.takeNextFor(owner, window, lease,
                freeing.stream().map(d -> d.command().tenantId()).toArray(String[]::new),
                freeing.stream().map(d -> d.command().botId()).toArray(String[]::new));
    }

    /**
     * The attempt failed; the command goes back to the queue, or fails when its attempts are used up. The rest of
     * its window goes back untried, behind it, and the bot is not tried again before {@code retryAt}.
     */
    @Transactional
    void attemptFailed(Claims.Window window, Command command, int status, long latencyMillis, String outcome, String error,
            Instant retryAt) {
        log(command, status, latencyMillis, outcome, error);
        if (command.attempts() >= command.maxAttempts()) {
            states.move(command.tenantId(), command.id(), Set.of(Command.SENDING), Command.FAILED,
                    "retries-exhausted", null, error);
            endWindow(window, command, clock.instant());
        } else {
            requeue(List.of(command.id()), false, error);
            endWindow(window, command, retryAt);
        }
    }

    /** Not attempted (circuit open, bulkhead full): back to the queue without using an attempt, with its window. */
    @Transactional
    void notAttempted(Claims.Window window, Command command, String outcome, Instant retryAt) {
        log(command, 0, 0, outcome, null);
        requeue(List.of(command.id()), true, null);
        endWindow(window, command, retryAt);
    }

    /** 410 Gone: the endpoint is retired; the command and its window wait for a pull or a new endpoint. */
    @Transactional
    void endpointGone(Claims.Window window, Command command, long latencyMillis) {
        log(command, 410, latencyMillis, "endpoint-gone", "the endpoint answered 410 Gone; no more pushes to it");
        requeue(List.of(command.id()), true, null);
        jdbc.sql("update bot_endpoint set endpoint_gone = true where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", command.tenantId()).param("bot", command.botId()).update();
        endWindow(window, command, clock.instant());
    }

    /** The dispatcher stops before pushing {@code next}: it and the rest of its window go back untried. */
    @Transactional
    void putBack(Claims.Window window, Command next) {
        requeue(List.of(next.id()), true, null);
        endWindow(window, next, clock.instant());
    }

    /** The commands of the window after {@code at} go back untried, and the bot is free from {@code readyAt}. */
    private void endWindow(Claims.Window window, Command at, Instant readyAt) {
        List<UUID> untried = window.claims().stream().map(c -> c.command().id())
                .dropWhile(id -> !id.equals(at.id())).skip(1).toList();
        if (!untried.isEmpty()) {
            requeue(untried, true, null);
        }
        claims.freeBot(at.tenantId(), at.botId(), window.marker(), readyAt);
    }

    private void requeue(List<UUID> commands, boolean giveAttemptBack, @Nullable String error) {
        jdbc.sql("""
                update command set status = 'queued', lease_owner = null, lease_until = null, updated_at = :now,
                       attempts = attempts - :giveBack, last_error = coalesce(:error, last_error)
                where id = any(cast(:ids as uuid[])) and status = 'sending'
                """)
                .param("now", Timestamp.from(clock.instant())).param("giveBack", giveAttemptBack ? 1 : 0)
                .param("error", error).param("ids", commands.stream().map(UUID::toString).toArray(String[]::new)).update();
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
