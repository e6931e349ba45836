package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/** An operator's changes to queued and finished commands: cancel, re-prioritise, retry. */
@Service
class ManagingCommands {

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final QueueSignal signal;
    private final JsonMapper json;
    private final Clock clock;

    ManagingCommands(JdbcClient jdbc, StateChanges states, QueueSignal signal, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.states = states;
        this.signal = signal;
        this.json = json;
        this.clock = clock;
    }

    /** Only a command not yet handed to a dispatcher can be cancelled: one being sent may already be at the bot. */
    @Transactional
    Command cancel(String tenantId, UUID id, String by) {
        return states.move(tenantId, id, Set.of(Command.QUEUED), Command.CANCELLED, "cancelled by " + by, null, null)
                .orElseThrow(() -> refusal(tenantId, id, "cancelled", "only a queued command can be cancelled"));
    }

    @Transactional
    Command reprioritise(String tenantId, UUID id, int priority) {
        return jdbc.sql("update command set priority = :priority, updated_at = :now "
                        + "where tenant_id = :tenant and id = :id and status = 'queued' returning " + Command.COLUMNS)
                .param("priority", priority).param("now", Timestamp.from(clock.instant()))
                .param("tenant", tenantId).param("id", id)
                .query((rs, i) -> Command.from(rs, json)).optional()
                .orElseThrow(() -> refusal(tenantId, id, "reprioritised", "only a queued command's priority can change"));
    }

    /** A failed or expired command goes back to the queue with a fresh set of attempts. */
    @Transactional
    Command retry(String tenantId, UUID id, String by) {
        Command retried = states.move(tenantId, id, Set.of(Command.FAILED, Command.EXPIRED), Command.QUEUED,
                        "retried by " + by, null, null)
                .orElseThrow(() -> refusal(tenantId, id, "retried", "only a failed or expired command can be retried"));
        Command reset = jdbc.sql("update command set attempts = 0, finished_at = null, expires_at = null, "
                        + "last_error = null where id = :id returning " + Command.COLUMNS)
                .param("id", id).query((rs, i) -> Command.from(rs, json)).single();
        signal.wakeFor(tenantId, List.of(reset.botId()));
        return reset;
    }

    private ProblemException refusal(String tenantId, UUID id, String verb, String rule) {
        String status = jdbc.sql("select status from command where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(String.class).optional()
                .orElseThrow(() -> ProblemException.notFound("command", id.toString()));
        return ProblemException.conflict("invalid-transition",
                "command '" + id + "' is " + status + " and cannot be " + verb + "; " + rule);
    }
}
