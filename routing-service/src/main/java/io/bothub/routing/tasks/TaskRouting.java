package io.bothub.routing.tasks;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.task.TaskCreated;
import io.bothub.events.task.TaskRouted;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.routing.fleet.BotAvailabilityChanged;
import io.bothub.routing.fleet.Fleet;
import io.bothub.routing.fleet.Ranking;
import io.bothub.routing.fleet.Strategy;
import io.bothub.support.inbox.IdempotentConsumer;
import io.bothub.support.outbox.Outbox;

/**
 * Chooses a bot for each task that did not name one: among the tenant's online, enabled bots with every required
 * capability, the one with the fewest unfinished tasks routed to it (urgent tasks: the healthiest). A task no bot can
 * take waits and is routed when a bot comes online. Each task is routed by one replica (its row is locked while
 * choosing, and only a waiting task is routed), and the choice leaves through the outbox with the row's change.
 *
 * <p>A second {@code task.created} for the same task (task-service asking again after the bot it had went away)
 * puts the task back to waiting and routes it afresh.
 */
@Component
class TaskRouting {

    static final String CONSUMER = "task-routing";
    private static final List<String> FINISHED = List.of("completed", "failed", "cancelled", "rejected");

    private final JdbcClient jdbc;
    private final IdempotentConsumer idempotent;
    private final Fleet fleet;
    private final Outbox outbox;
    private final TransactionOperations transactions;
    private final Clock clock;

    TaskRouting(JdbcClient jdbc, IdempotentConsumer idempotent, Fleet fleet, Outbox outbox,
            TransactionOperations transactions, Clock clock) {
        this.jdbc = jdbc;
        this.idempotent = idempotent;
        this.fleet = fleet;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.TASK_CREATED)
    void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof TaskCreated task && task.botId() == null) {
            if (idempotent.apply(CONSUMER, event, e -> request(e.tenantId(), task))) {
                route(event.tenantId(), task.taskId());
            }
        }
    }

    /** A finished task no longer counts against its bot. */
    @KafkaListener(topics = Topics.TASK_STATUS)
    void onStatus(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof TaskStatusChanged change && FINISHED.contains(change.newStatus())) {
            jdbc.sql("update task_request set status = 'done' where tenant_id = :tenant and task_id = :task and status <> 'done'")
                    .param("tenant", event.tenantId()).param("task", change.taskId()).update();
        }
    }

    @EventListener
    void on(BotAvailabilityChanged change) {
        if (change.online()) {
            jdbc.sql("select task_id from task_request where tenant_id = :tenant and status = 'waiting' order by created_at limit 500")
                    .param("tenant", change.tenantId()).query(String.class).list()
                    .forEach(task -> route(change.tenantId(), task));
        }
    }

    private void request(String tenantId, TaskCreated task) {
        jdbc.sql("""
                insert into task_request (tenant_id, task_id, capabilities, priority, status, created_at)
                values (:tenant, :task, :capabilities, :priority, 'waiting', :at)
                on conflict (tenant_id, task_id) do update set status = 'waiting', bot_id = null, routed_at = null,
                    capabilities = excluded.capabilities, priority = excluded.priority
                """)
                .param("tenant", tenantId).param("task", task.taskId())
                .param("capabilities", task.requiredCapabilities().toArray(String[]::new))
                .param("priority", task.priority()).param("at", Timestamp.from(task.createdAt())).update();
    }

    private record Waiting(List<String> capabilities, String priority) {
    }

    /** Routes the task if it still waits and some bot can take it; whether it was routed now. */
    boolean route(String tenantId, String taskId) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<Waiting> waiting = jdbc.sql("""
                    select capabilities, priority from task_request
                    where tenant_id = :tenant and task_id = :task and status = 'waiting' for update skip locked
                    """)
                    .param("tenant", tenantId).param("task", taskId)
                    .query((rs, i) -> new Waiting(List.of((String[]) rs.getArray(1).getArray()), rs.getString(2)))
                    .optional();
            if (waiting.isEmpty()) {
                return false;
            }
            Strategy strategy = "urgent".equals(waiting.get().priority()) ? Strategy.HIGHEST_HEALTH : Strategy.LEAST_SESSIONS;
            List<Ranking.Ranked> ranked = Ranking.rank(
                    fleet.available(tenantId, null, waiting.get().capabilities(), unfinishedTasks(tenantId)), strategy, 0);
            if (ranked.isEmpty()) {
                return false;
            }
            String bot = ranked.getFirst().bot().botId();
            jdbc.sql("update task_request set status = 'routed', bot_id = :bot, routed_at = :now where tenant_id = :tenant and task_id = :task")
                    .param("bot", bot).param("now", Timestamp.from(clock.instant())).param("tenant", tenantId)
                    .param("task", taskId).update();
            outbox.add(tenantId, new TaskRouted(taskId, bot, strategy == Strategy.HIGHEST_HEALTH ? "urgent:highest-health"
                    : "least-tasks", ranked.stream().map(r -> r.bot().botId()).toList(), clock.instant()));
            return true;
        }));
    }

    private Map<String, Integer> unfinishedTasks(String tenantId) {
        Map<String, Integer> held = new HashMap<>();
        jdbc.sql("select bot_id, count(*) from task_request where tenant_id = :tenant and status = 'routed' group by bot_id")
                .param("tenant", tenantId).query((rs, i) -> held.put(rs.getString(1), rs.getInt(2))).list();
        return held;
    }
}
