package io.bothub.task.tasks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;
import io.bothub.task.Priorities;

/**
 * The people's task API. Creating, approving, rejecting and cancelling need the {@code tasks} scope (implied by
 * {@code admin}); reading needs {@code config_read}. A bot (scope {@code bot}) may read only its own tasks.
 */
@RestController
class TaskController {

    record Decision(@Nullable @Size(max = 1000) String reason) {
    }

    private final RequestingTasks requesting;
    private final TaskQueries queries;

    TaskController(RequestingTasks requesting, TaskQueries queries) {
        this.requesting = requesting;
        this.queries = queries;
    }

    /** A client may retry a creation safely by sending the same {@code Idempotency-Key}: one task per key. */
    @PostMapping("/api/v1/tasks")
    ResponseEntity<Task> create(Caller caller, @Valid @RequestBody TaskRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) @Nullable @Size(min = 1, max = 200) String idempotencyKey) {
        caller.require(Scopes.TASKS);
        RequestingTasks.Created created = requesting.create(caller, request, idempotencyKey);
        return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Idempotent-Replayed", String.valueOf(created.replayed())).body(created.task());
    }

    @GetMapping("/api/v1/tasks")
    TaskQueries.Page<Task> list(Caller caller,
            @RequestParam(required = false) @Nullable String requestedBy,
            @RequestParam(required = false) @Nullable String botId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String priority,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        if (status != null && !Task.STATES.contains(status)) {
            throw ProblemException.invalid(List.of(new FieldProblem("status", "unknown task state '" + status + "'")));
        }
        if (priority != null && !Priorities.ALL.contains(priority)) {
            throw ProblemException.invalid(List.of(new FieldProblem("priority", "unknown priority '" + priority + "'")));
        }
        String bot = botId;
        if (caller.isBot() && !caller.has(Scopes.CONFIG_READ)) {
            // A bot sees only its own tasks, whatever it asks for.
            bot = caller.botId().orElseThrow();
        } else {
            caller.require(Scopes.CONFIG_READ);
        }
        return queries.list(caller.tenantId(), new TaskQueries.Filter(requestedBy, bot, status, priority, from, to), page, size);
    }

    @GetMapping("/api/v1/tasks/{id}")
    TaskQueries.Detail detail(Caller caller, @PathVariable UUID id) {
        if (caller.isBot() && !caller.has(Scopes.CONFIG_READ)) {
            TaskQueries.Detail detail = queries.detail(caller.tenantId(), id);
            if (!caller.botId().orElseThrow().equals(detail.task().botId())) {
                throw ProblemException.notFound("task", id.toString());
            }
            return detail;
        }
        caller.require(Scopes.CONFIG_READ);
        return queries.detail(caller.tenantId(), id);
    }

    @PostMapping("/api/v1/tasks/{id}/approve")
    Task approve(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.TASKS);
        return requesting.approve(caller, id);
    }

    @PostMapping("/api/v1/tasks/{id}/reject")
    Task reject(Caller caller, @PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Decision decision) {
        caller.require(Scopes.TASKS);
        return requesting.reject(caller, id, decision == null ? null : decision.reason());
    }

    @PostMapping("/api/v1/tasks/{id}/cancel")
    Task cancel(Caller caller, @PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Decision decision) {
        caller.require(Scopes.TASKS);
        return requesting.cancel(caller, id, decision == null ? null : decision.reason());
    }
}
