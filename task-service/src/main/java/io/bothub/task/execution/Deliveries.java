package io.bothub.task.execution;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.task.TaskSettings;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.Transitions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands a pulling bot its next assigned task: most urgent, then oldest. A task is handed out once, even to several
 * pulls at the same moment (SKIP LOCKED), and again only if the bot has not started it within
 * {@code redeliverAfter} (it may have crashed between pulling and starting).
 */
@Component
class Deliveries {

    private final JdbcClient jdbc;
    private final Transitions transitions;
    private final JsonMapper json;
    private final TaskSettings settings;
    private final Clock clock;

    Deliveries(JdbcClient jdbc, Transitions transitions, JsonMapper json, TaskSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    Optional<Task> next(String tenantId, String botId) {
        Optional<UUID> head = jdbc.sql("""
                select id from task
                where tenant_id = :tenant and bot_id = :bot and status = 'assigned'
                  and (delivered_at is null or delivered_at < :stale)
                order by priority_rank desc, seq
                limit 1
                for update skip locked
                """)
                .param("tenant", tenantId).param("bot", botId)
                .param("stale", Timestamp.from(clock.instant().minus(settings.redeliverAfter())))
                .query(UUID.class).optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Task task = jdbc.sql("update task set delivered_at = :now, deliveries = deliveries + 1 where id = :id returning " + Task.COLUMNS)
                .param("now", Timestamp.from(clock.instant())).param("id", head.get())
                .query((rs, i) -> Task.from(rs, json)).single();
        transitions.note(task, task.deliveries() == 1 ? "delivered" : "redelivered", "bot:" + botId);
        return Optional.of(task);
    }
}
