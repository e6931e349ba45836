package io.bothub.task.tasks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.TimeOrderedIds;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import io.bothub.task.Priorities;
import io.bothub.task.bots.KnownBots;
import io.bothub.task.policy.ApprovalPolicy;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The people's side of a task's life: request it (waiting for approval when the tenant's policy asks, else ready
 * for a bot at once), approve or reject it, cancel it. A refused request or transition changes nothing.
 */
@Service
public class RequestingTasks {

    private final JdbcClient jdbc;
    private final Transitions transitions;
    private final ApprovalPolicy policy;
    private final KnownBots bots;
    private final JsonMapper json;
    private final Clock clock;

    RequestingTasks(JdbcClient jdbc, Transitions transitions, ApprovalPolicy policy, KnownBots bots, JsonMapper json,
            Clock clock) {
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.policy = policy;
        this.bots = bots;
        this.json = json;
        this.clock = clock;
    }

    /** What a create request gave: the task, and whether it was created by an earlier request with the same key. */
    public record Created(Task task, boolean replayed) {
    }

    /**
     * Creates a task; with an idempotency key, at most one per key: a repeated request gets the task the first one
     * created (whatever it has become since), and the key used for a different request is a 409.
     */
    @Transactional
    public Created create(Caller caller, TaskRequest request, @Nullable String idempotencyKey) {
        String requestHash = idempotencyKey == null ? null : IdempotencyKeys.fingerprint(json.writeValueAsString(request));
        if (idempotencyKey != null) {
            Optional<Task> earlier = earlier(caller.tenantId(), idempotencyKey, Objects.requireNonNull(requestHash));
            if (earlier.isPresent()) {
                return new Created(earlier.get(), true);
            }
        }
        String priority = Objects.requireNonNullElse(request.priority(), Priorities.DEFAULT);
        validate(caller.tenantId(), request, priority);
        Instant now = clock.instant();
        String status = policy.needsApproval(caller.tenantId(), priority) ? Task.PENDING_APPROVAL : Task.PENDING;
        List<String> capabilities = request.requiredCapabilities() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(request.requiredCapabilities()));
        Optional<Task> inserted = jdbc.sql("""
                insert into task (id, tenant_id, title, description, params, priority, priority_rank,
                                  required_capabilities, chosen_bot_id, status, requested_by, deadline, created_at, updated_at,
                                  idempotency_key, request_hash)
                values (:id, :tenant, :title, :description, cast(:params as jsonb), :priority, :rank,
                        :capabilities, :bot, :status, :by, :deadline, :now, :now, :key, :hash)
                on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
                returning\s""" + Task.COLUMNS)
                .param("id", TimeOrderedIds.next()).param("tenant", caller.tenantId()).param("title", request.title())
                .param("description", request.description())
                .param("params", json.writeValueAsString(request.params() == null
                        ? JsonNodeFactory.instance.objectNode() : request.params()))
                .param("priority", priority).param("rank", Priorities.rank(priority))
                .param("capabilities", capabilities.toArray(String[]::new)).param("bot", request.botId())
                .param("status", status).param("by", caller.principal())
                .param("deadline", request.deadline() == null ? null : Timestamp.from(request.deadline()))
                .param("now", Timestamp.from(now)).param("key", idempotencyKey).param("hash", requestHash)
                .query((rs, i) -> Task.from(rs, json)).optional();
        if (inserted.isEmpty()) {
            // A concurrent request with the same key created it first; answer as a retry would be answered.
            return new Created(earlier(caller.tenantId(), Objects.requireNonNull(idempotencyKey), Objects.requireNonNull(requestHash)).orElseThrow(),
                    true);
        }
        Task task = inserted.get();
        transitions.created(task);
        return new Created(status.equals(Task.PENDING) ? transitions.ready(task, caller.principal()) : task, false);
    }

    private Optional<Task> earlier(String tenantId, String key, String requestHash) {
        return jdbc.sql("select " + Task.COLUMNS + ", request_hash from task where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key)
                .query((rs, i) -> {
                    IdempotencyKeys.requireSameRequest(key, requestHash, rs.getString(Task.COLUMN_COUNT + 1));
                    return Task.from(rs, json);
                }).optional();
    }

    private void validate(String tenantId, TaskRequest request, String priority) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!Priorities.ALL.contains(priority)) {
            problems.add(new FieldProblem("priority", "must be one of " + String.join(", ", Priorities.ALL)));
        }
        if (request.params() != null && !request.params().isObject()) {
            problems.add(new FieldProblem("params", "must be a JSON object"));
        }
        if (request.deadline() != null && !request.deadline().isAfter(clock.instant())) {
            problems.add(new FieldProblem("deadline", "is already past"));
        }
        if (request.botId() != null) {
            var bot = bots.find(tenantId, request.botId());
            if (bot.isEmpty()) {
                problems.add(new FieldProblem("botId", "no bot '" + request.botId() + "' in this tenant"));
            } else if (!bot.get().enabled()) {
                problems.add(new FieldProblem("botId", "bot '" + request.botId() + "' is disabled"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
    }

    /** A person with the tasks scope lets a task waiting for approval go ahead. */
    @Transactional
    public Task approve(Caller caller, UUID id) {
        Task approved = transitions.move(caller.tenantId(), id, Set.of(Task.PENDING_APPROVAL),
                        Transitions.Change.to(Task.PENDING, "approved", caller.principal()).decidedBy(caller.principal()))
                .orElseThrow(() -> refusal(caller.tenantId(), id, "approved", "only a task waiting for approval can be approved"))
                .task();
        return transitions.ready(approved, caller.principal());
    }

    @Transactional
    public Task reject(Caller caller, UUID id, @Nullable String reason) {
        return transitions.move(caller.tenantId(), id, Set.of(Task.PENDING_APPROVAL),
                        Transitions.Change.to(Task.REJECTED, "rejected", caller.principal()).decidedBy(caller.principal())
                                .failing(reason == null || reason.isBlank() ? "rejected" : reason))
                .orElseThrow(() -> refusal(caller.tenantId(), id, "rejected", "only a task waiting for approval can be rejected"))
                .task();
    }

    /** The requester, or anyone with the tasks scope, cancels a task that has not finished. */
    @Transactional
    public Task cancel(Caller caller, UUID id, @Nullable String reason) {
        return transitions.move(caller.tenantId(), id, Task.OPEN,
                        Transitions.Change.to(Task.CANCELLED, "cancelled", caller.principal())
                                .failing(reason == null || reason.isBlank() ? "cancelled by " + caller.principal() : reason))
                .orElseThrow(() -> refusal(caller.tenantId(), id, "cancelled", "a finished task cannot be cancelled"))
                .task();
    }

    /** 404 for a task the tenant does not have, else 409 naming the state that forbids the transition. */
    public ProblemException refusal(String tenantId, UUID id, String verb, String rule) {
        String status = jdbc.sql("select status from task where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(String.class).optional()
                .orElseThrow(() -> ProblemException.notFound("task", id.toString()));
        return invalidTransition(id, status, verb, rule);
    }

    public static ProblemException invalidTransition(UUID id, String status, String verb, String rule) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, "invalid-transition", "Conflict",
                "task '" + id + "' is " + status + " and cannot be " + verb + "; " + rule);
        problem.getBody().setProperty("taskStatus", status);
        return problem;
    }
}
