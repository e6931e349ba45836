package io.bothub.task.tasks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.bothub.events.task.TaskCreated;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.support.outbox.Outbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a task's state changes. Each change locks the task's row and happens only from the states it may
 * come from, so two replicas, a retried request or a redelivered event cannot apply it twice; it is written to the
 * task's history and published as {@link TaskStatusChanged} through the outbox in the same transaction.
 */
@Component
public class Transitions {

    /** What a change does besides moving the state. */
    public record Change(String to, String reason, String by, @Nullable String bot, boolean clearBot,
            @Nullable Integer progress, @Nullable String message, @Nullable JsonNode result,
            @Nullable String failureReason, @Nullable String decidedBy, boolean offlineRequeue) {

        public static Change to(String to, String reason, String by) {
            return new Change(to, reason, by, null, false, null, null, null, null, null, false);
        }

        public Change withBot(String botId) {
            return new Change(to, reason, by, botId, false, progress, message, result, failureReason, decidedBy, offlineRequeue);
        }

        public Change clearingBot() {
            return new Change(to, reason, by, null, true, progress, message, result, failureReason, decidedBy, offlineRequeue);
        }

        public Change withResult(@Nullable JsonNode result) {
            return new Change(to, reason, by, bot, clearBot, progress, message, result, failureReason, decidedBy, offlineRequeue);
        }

        public Change failing(String failureReason) {
            return new Change(to, reason, by, bot, clearBot, progress, message, result, failureReason, decidedBy, offlineRequeue);
        }

        public Change decidedBy(String principal) {
            return new Change(to, reason, by, bot, clearBot, progress, message, result, failureReason, principal, offlineRequeue);
        }

        public Change countingOfflineRequeue() {
            return new Change(to, reason, by, bot, true, progress, message, result, failureReason, decidedBy, true);
        }
    }

    /** A change that happened: the task after it and the state it left. */
    public record Moved(Task task, String previousStatus) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final TaskSignal signal;
    private final Clock clock;

    Transitions(JdbcClient jdbc, Outbox outbox, JsonMapper json, TaskSignal signal, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.signal = signal;
        this.clock = clock;
    }

    /** The task's current state, locked until the transaction ends; empty if the tenant has no such task. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> lockStatus(String tenantId, UUID taskId) {
        return jdbc.sql("select status from task where id = :id and tenant_id = :tenant for update")
                .param("id", taskId).param("tenant", tenantId).query(String.class).optional();
    }

    /** The task, locked until the transaction ends; empty if the tenant has no such task. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Task> lock(String tenantId, UUID taskId) {
        return jdbc.sql("select " + Task.COLUMNS + " from task where id = :id and tenant_id = :tenant for update")
                .param("id", taskId).param("tenant", tenantId).query((rs, i) -> Task.from(rs, json)).optional();
    }

    /**
     * Moves a task from one of {@code from} to {@code change.to()}.
     *
     * @return the change, or empty when the task does not exist in the tenant or is not in one of {@code from}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Moved> move(String tenantId, UUID taskId, Set<String> from, Change change) {
        Optional<String> previous = lockStatus(tenantId, taskId);
        if (previous.isEmpty() || !from.contains(previous.get())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String to = change.to();
        Task task = jdbc.sql("""
                update task set status = :to, updated_at = cast(:now as timestamptz),
                    bot_id = case when :clearBot then null when cast(:bot as text) is not null then :bot else bot_id end,
                    assigned_at = case when :to = 'assigned' then cast(:now as timestamptz) when :to = 'pending' then null else assigned_at end,
                    delivered_at = case when :to in ('assigned', 'pending') then null else delivered_at end,
                    started_at = case when :to = 'running' then cast(:now as timestamptz)
                                      when :to in ('completed', 'failed') then coalesce(started_at, case when bot_id is not null then cast(:now as timestamptz) end)
                                      when :to = 'pending' then null else started_at end,
                    finished_at = case when :finished then cast(:now as timestamptz) else finished_at end,
                    progress = case when :to = 'pending' then null when :to = 'completed' then 100 else progress end,
                    result = coalesce(cast(:result as jsonb), result),
                    failure_reason = coalesce(:failure, failure_reason),
                    decided_by = coalesce(:decidedBy, decided_by),
                    offline_requeues = offline_requeues + :requeue
                where id = :id
                returning\s""" + Task.COLUMNS)
                .param("to", to).param("now", Timestamp.from(now)).param("clearBot", change.clearBot())
                .param("bot", change.bot()).param("finished", Task.FINISHED.contains(to))
                .param("result", change.result() == null ? null : json.writeValueAsString(change.result()))
                .param("failure", change.failureReason()).param("decidedBy", change.decidedBy())
                .param("requeue", change.offlineRequeue() ? 1 : 0).param("id", taskId)
                .query((rs, i) -> Task.from(rs, json)).single();
        history(task, previous.get(), to, change.reason(), change.by(), null, change.failureReason(), now);
        // A task that left a bot (requeued) still names that bot in the event, so a per-bot count can follow it.
        String eventBot = task.botId() != null ? task.botId() : change.clearBot() ? botBefore(taskId) : null;
        publish(task, previous.get(), change.reason(), eventBot, null, now);
        if (to.equals(Task.ASSIGNED) && task.botId() != null) {
            wakePullsAfterCommit(task.tenantId(), task.botId());
        }
        return Optional.of(new Moved(task, previous.get()));
    }

    /**
     * A task became ready for a bot (created without needing approval, approved, or requeued): announces it on
     * task.created so routing-service picks a bot, or assigns it at once to the bot its requester chose.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Task ready(Task task, String by) {
        outbox.add(task.tenantId(), new TaskCreated(task.id().toString(), task.title(), task.priority(),
                task.requiredCapabilities(), task.chosenBotId(), task.deadline(), task.requestedBy(), clock.instant()));
        if (task.chosenBotId() == null) {
            return task;
        }
        return move(task.tenantId(), task.id(), Set.of(Task.PENDING),
                Change.to(Task.ASSIGNED, "chosen-bot", by).withBot(task.chosenBotId()))
                .map(Moved::task).orElseThrow();
    }

    /** A running task's progress report: same state, new percentage, published with {@code progress} set. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Task progress(Task task, int progress, @Nullable String message, String by) {
        Instant now = clock.instant();
        Task updated = jdbc.sql("update task set progress = :progress, progress_message = :message, updated_at = :now "
                        + "where id = :id returning " + Task.COLUMNS)
                .param("progress", progress).param("message", message).param("now", Timestamp.from(now))
                .param("id", task.id()).query((rs, i) -> Task.from(rs, json)).single();
        history(updated, task.status(), task.status(), "progress", by, progress, message, now);
        publish(updated, task.status(), "progress", updated.botId(), progress, now);
        return updated;
    }

    /** Writes a history entry for a change of the task that is not a state change (a delivery). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void note(Task task, String reason, String by) {
        history(task, task.status(), task.status(), reason, by, null, null, clock.instant());
    }

    /** Records how a new task entered its first state. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void created(Task task) {
        history(task, "new", task.status(), "created", task.requestedBy(), null, null, task.createdAt());
        if (task.status().equals(Task.PENDING_APPROVAL)) {
            // Not yet ready for a bot, so not on task.created; the frontend still sees it waiting for approval.
            publish(task, "new", "approval-required", null, null, task.createdAt());
        }
    }

    private @Nullable String botBefore(UUID taskId) {
        return jdbc.sql("select bot_id from task_history where task_id = :id and bot_id is not null order by id desc limit 1")
                .param("id", taskId).query(String.class).optional().orElse(null);
    }

    private void history(Task task, String previous, String to, String reason, String by, @Nullable Integer progress,
            @Nullable String message, Instant at) {
        jdbc.sql("""
                insert into task_history (task_id, tenant_id, previous_status, new_status, reason, bot_id, progress,
                                          message, by_principal, at)
                values (:task, :tenant, :previous, :to, :reason, :bot, :progress, :message, :by, :at)
                """)
                .param("task", task.id()).param("tenant", task.tenantId()).param("previous", previous).param("to", to)
                .param("reason", reason).param("bot", task.botId()).param("progress", progress)
                .param("message", message).param("by", by).param("at", Timestamp.from(at)).update();
    }

    @SuppressWarnings("unchecked")
    private void publish(Task task, String previous, String reason, @Nullable String botId, @Nullable Integer progress,
            Instant at) {
        Map<String, Object> result = task.result() == null || !task.result().isObject() || !Task.FINISHED.contains(task.status())
                ? Map.of() : json.treeToValue(task.result(), Map.class);
        outbox.add(task.tenantId(), task.id().toString(), new TaskStatusChanged(task.id().toString(), botId, previous,
                task.status(), reason, progress, result, at));
    }

    private void wakePullsAfterCommit(String tenantId, String botId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wake(tenantId, botId);
            }
        });
    }
}
