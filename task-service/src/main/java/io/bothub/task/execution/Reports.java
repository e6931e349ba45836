package io.bothub.task.execution;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.ProblemException;
import io.bothub.task.tasks.RequestingTasks;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.Transitions;
import tools.jackson.databind.JsonNode;

/**
 * What a bot reports about its own task: started, progress, the result, or a failure with a reason. A task of
 * another bot (or another tenant) does not exist for it. Repeating the report that made the task's current state
 * (a retried completion) is answered with the task as it is and applied once; any other report the state does not
 * allow is a 409 that changes nothing.
 */
@Service
class Reports {

    /** The task after a report, and whether the report was a repeat that changed nothing. */
    record Outcome(Task task, boolean repeated) {
    }

    private final Transitions transitions;

    Reports(Transitions transitions) {
        this.transitions = transitions;
    }

    @Transactional
    Outcome start(String tenantId, String botId, UUID id) {
        return report(tenantId, botId, id, Set.of(Task.ASSIGNED), Task.RUNNING, "started",
                Transitions.Change.to(Task.RUNNING, "started", "bot:" + botId));
    }

    @Transactional
    Outcome complete(String tenantId, String botId, UUID id, @Nullable JsonNode result) {
        return report(tenantId, botId, id, Set.of(Task.ASSIGNED, Task.RUNNING), Task.COMPLETED, "completed",
                Transitions.Change.to(Task.COMPLETED, "completed", "bot:" + botId).withResult(result));
    }

    @Transactional
    Outcome fail(String tenantId, String botId, UUID id, String reason, @Nullable JsonNode result) {
        return report(tenantId, botId, id, Set.of(Task.ASSIGNED, Task.RUNNING), Task.FAILED, "failed",
                Transitions.Change.to(Task.FAILED, "failed", "bot:" + botId).withResult(result).failing(reason));
    }

    @Transactional
    Outcome progress(String tenantId, String botId, UUID id, int progress, @Nullable String message) {
        Task task = own(tenantId, botId, id);
        if (!task.status().equals(Task.RUNNING)) {
            throw RequestingTasks.invalidTransition(id, task.status(), "given progress", "only a running task reports progress");
        }
        return new Outcome(transitions.progress(task, progress, message, "bot:" + botId), false);
    }

    private Outcome report(String tenantId, String botId, UUID id, Set<String> from, String to, String verb,
            Transitions.Change change) {
        Task task = own(tenantId, botId, id);
        if (task.status().equals(to)) {
            return new Outcome(task, true);
        }
        return transitions.move(tenantId, id, from, change)
                .map(moved -> new Outcome(moved.task(), false))
                .orElseThrow(() -> RequestingTasks.invalidTransition(id, task.status(), verb,
                        "allowed only from " + String.join(" or ", from.stream().sorted().toList())));
    }

    /** The task, locked, if it is this bot's; else 404, as another bot's task does not exist for it. */
    private Task own(String tenantId, String botId, UUID id) {
        Task task = transitions.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("task", id.toString()));
        if (!botId.equals(task.botId())) {
            throw ProblemException.notFound("task", id.toString());
        }
        return task;
    }
}
