package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.command.CommandStatusChanged;
import io.bothub.support.outbox.Outbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a command's state changes. Each change is a conditional update (it happens only from the states
 * it may come from, so two replicas or a redelivered event cannot apply it twice) and publishes
 * {@link CommandStatusChanged} through the outbox in the same transaction.
 */
@Component
public class StateChanges {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    StateChanges(JdbcClient jdbc, Outbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Moves a command from one of {@code from} to {@code to}; publishes unless the move is internal
     * (into or out of {@code sending}, which only says a dispatcher holds it).
     *
     * @return the command after the change, or empty when it was not in one of {@code from}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Command> move(String tenantId, UUID commandId, Set<String> from, String to, String reason,
            @Nullable JsonNode result, @Nullable String error) {
        Instant now = clock.instant();
        Optional<String> previous = jdbc.sql("select status from command where id = :id and tenant_id = :tenant for update")
                .param("id", commandId).param("tenant", tenantId).query(String.class).optional();
        if (previous.isEmpty() || !from.contains(previous.get())) {
            return Optional.empty();
        }
        boolean finished = Set.of(Command.ACKNOWLEDGED, Command.FAILED, Command.CANCELLED, Command.EXPIRED).contains(to);
        Command changed = jdbc.sql("update command set status = :to, updated_at = :now, "
                        + "finished_at = case when :finished then :now else finished_at end, "
                        + "sent_at = case when :to in ('sent', 'acknowledged') then coalesce(sent_at, :now) else sent_at end, "
                        + "result = coalesce(cast(:result as jsonb), result), last_error = coalesce(:error, last_error), "
                        + "lease_owner = null, lease_until = null "
                        + "where id = :id returning " + Command.COLUMNS)
                .param("to", to).param("now", Timestamp.from(now)).param("finished", finished)
                .param("result", result == null ? null : json.writeValueAsString(result)).param("error", error)
                .param("id", commandId)
                .query((rs, i) -> Command.from(rs, json)).single();
        publish(changed, previous.get(), reason, now);
        return Optional.of(changed);
    }

    /** A change a caller already wrote, to publish. */
    public record Written(Command command, String previousStatus, String reason, Instant at) {
    }

    /** Publishes a change a caller already wrote. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(Command command, String previousStatus, String reason, Instant at) {
        publishAll(List.of(new Written(command, previousStatus, reason, at)));
    }

    /** Publishes changes a caller already wrote (the dispatcher's batched delivery records), in one statement. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publishAll(List<Written> changes) {
        List<Outbox.Addition> events = new ArrayList<>();
        for (Written change : changes) {
            Command command = change.command();
            String visiblePrevious = change.previousStatus().equals(Command.SENDING) ? Command.QUEUED : change.previousStatus();
            if (command.status().equals(Command.SENDING) || visiblePrevious.equals(command.status())) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = command.result() == null || !command.result().isObject() ? Map.of()
                    : json.treeToValue(command.result(), Map.class);
            events.add(new Outbox.Addition(command.tenantId(), null, new CommandStatusChanged(command.id().toString(),
                    command.botId(), command.type(), command.batchId() == null ? null : command.batchId().toString(),
                    visiblePrevious, command.status(), command.attempts(), change.reason(), result, change.at())));
        }
        outbox.addAll(events);
    }
}
