package io.bothub.routing.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import io.bothub.events.session.SessionModeChanged;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/**
 * The AI ↔ human handoff of a session (seed 004): {@code ai → waiting_human} when a human is asked for,
 * {@code waiting_human → human} when an agent takes it, {@code human → ai} when the agent hands it back, and
 * {@code waiting_human → ai} when nobody took it within the timeout, so the user is never left without an answer.
 * A session that waited too long for a bot escalates: it leaves the bots' queue waiting for a human, and goes back
 * to the queue if the human hands it back.
 *
 * <p>Each move is one conditional update: two agents taking the same session, or a take racing the timeout,
 * change it once; each change is published as {@link SessionModeChanged} in the same transaction.
 */
@Service
class Handoffs {

    /** Allowed moves: from mode → to modes. */
    static final Map<String, Set<String>> MOVES = Map.of(
            "ai", Set.of("waiting_human"),
            "waiting_human", Set.of("human", "ai"),
            "human", Set.of("ai"));

    private record Moved(UUID id, String tenantId, @Nullable String botId) {
    }

    private final JdbcClient jdbc;
    private final Assignments assignments;
    private final Outbox outbox;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Duration humanTimeout;
    private final Duration queueTimeout;

    Handoffs(JdbcClient jdbc, Assignments assignments, Outbox outbox, TransactionOperations transactions, Clock clock,
            @Value("${bothub.routing.human-timeout:120s}") Duration humanTimeout,
            @Value("${bothub.routing.queue-timeout:300s}") Duration queueTimeout) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.humanTimeout = humanTimeout;
        this.queueTimeout = queueTimeout;
    }

    /** Moves a session's mode; {@code agent} names the human who takes it. */
    Assignments.Session move(String tenantId, UUID id, String to, @Nullable String agent) {
        Assignments.Session session = assignments.get(tenantId, id);
        if (session.status().equals("closed")) {
            throw ProblemException.conflict("invalid-transition", "session '" + id + "' is closed");
        }
        String from = session.mode();
        if (!MOVES.getOrDefault(from, Set.of()).contains(to)) {
            throw ProblemException.conflict("invalid-transition", "a session in mode " + from + " cannot go to " + to
                    + "; from " + from + " it can go to " + MOVES.getOrDefault(from, Set.of()));
        }
        if (to.equals("human") && (agent == null || agent.isBlank())) {
            throw ProblemException.invalid(List.of(new FieldProblem("agent", "name the human agent who takes the session")));
        }
        boolean backToQueue = Boolean.TRUE.equals(transactions.execute(tx -> {
            // An escalated session handed back to AI rejoins the bots' queue.
            List<String> statuses = jdbc.sql("""
                    update session set mode = :to, mode_changed_at = :now,
                           human_agent = case when :to = 'human' then :agent when :to = 'ai' then null else human_agent end,
                           status = case when :to = 'ai' and status = 'escalated' then 'waiting' else status end
                    where tenant_id = :tenant and id = :id and mode = :from and status <> 'closed'
                    returning status
                    """)
                    .param("to", to).param("now", Timestamp.from(clock.instant())).param("agent", agent)
                    .param("tenant", tenantId).param("id", id).param("from", from).query(String.class).list();
            if (statuses.isEmpty()) {
                throw ProblemException.conflict("invalid-transition", "session '" + id + "' changed mode meanwhile; read it again");
            }
            outbox.add(tenantId, new SessionModeChanged(id.toString(), session.botId(), from, to,
                    to.equals("human") ? agent : null, reasonFor(from, to), clock.instant()));
            return statuses.getFirst().equals("waiting");
        }));
        if (backToQueue) {
            assignments.assignWaiting(tenantId);
        }
        return assignments.get(tenantId, id);
    }

    private static String reasonFor(String from, String to) {
        return switch (to) {
            case "waiting_human" -> "requested";
            case "human" -> "accepted";
            default -> from.equals("human") ? "released" : "cancelled";
        };
    }

    /**
     * Requests for a human that nobody took within the timeout go back to the session's bot; the number moved.
     * Escalated sessions have no bot to go back to and keep waiting for a human. Safe on every replica: the
     * update of each row happens once.
     */
    @Scheduled(fixedDelayString = "${bothub.routing.human-timeout-sweep:5s}")
    int returnUnansweredToAi() {
        Instant now = clock.instant();
        return Objects.requireNonNull(transactions.execute(tx -> {
            List<Moved> moved = jdbc.sql("""
                    update session set mode = 'ai', mode_changed_at = :now
                    where mode = 'waiting_human' and status = 'assigned' and mode_changed_at < :cutoff
                    returning id, tenant_id, bot_id
                    """)
                    .param("now", Timestamp.from(now)).param("cutoff", Timestamp.from(now.minus(humanTimeout)))
                    .query((rs, i) -> new Moved(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
            moved.forEach(m -> outbox.add(m.tenantId(), new SessionModeChanged(m.id().toString(), m.botId(),
                    "waiting_human", "ai", null, "human-timeout", now)));
            return moved.size();
        }));
    }

    /**
     * Sessions no bot could take within the queue timeout escalate to humans; the number escalated. The wait counts
     * from when the session joined the queue: its opening, or its hand-back from a human.
     */
    @Scheduled(fixedDelayString = "${bothub.routing.human-timeout-sweep:5s}")
    int escalateLongWaits() {
        Instant now = clock.instant();
        return Objects.requireNonNull(transactions.execute(tx -> {
            List<Moved> escalated = jdbc.sql("""
                    update session set status = 'escalated', mode = 'waiting_human', mode_changed_at = :now
                    where status = 'waiting' and mode = 'ai' and coalesce(mode_changed_at, created_at) < :cutoff
                    returning id, tenant_id, bot_id
                    """)
                    .param("now", Timestamp.from(now)).param("cutoff", Timestamp.from(now.minus(queueTimeout)))
                    .query((rs, i) -> new Moved(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
            escalated.forEach(m -> outbox.add(m.tenantId(), new SessionModeChanged(m.id().toString(), null, "ai",
                    "waiting_human", null, "queue-timeout", now)));
            return escalated.size();
        }));
    }
}
