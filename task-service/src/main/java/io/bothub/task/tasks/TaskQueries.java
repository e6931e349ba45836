package io.bothub.task.tasks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/** Reading tasks and their history; always within the caller's tenant. */
@Service
public class TaskQueries {

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** Every filter is optional; {@code from} and {@code to} bound the creation time. */
    public record Filter(@Nullable String requestedBy, @Nullable String botId, @Nullable String status,
            @Nullable String priority, @Nullable Instant from, @Nullable Instant to) {
    }

    public record Entry(String previousStatus, String newStatus, String reason, @Nullable String botId,
            @Nullable Integer progress, @Nullable String message, String by, Instant at) {
    }

    public record Detail(Task task, List<Entry> history) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TaskQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Page<Task> list(String tenantId, Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenantId);
        if (filter.requestedBy() != null) {
            where.append(" and requested_by = :requester");
            params.put("requester", filter.requestedBy());
        }
        if (filter.botId() != null) {
            where.append(" and bot_id = :bot");
            params.put("bot", filter.botId());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status());
        }
        if (filter.priority() != null) {
            where.append(" and priority = :priority");
            params.put("priority", filter.priority());
        }
        if (filter.from() != null) {
            where.append(" and created_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" and created_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        long total = jdbc.sql("select count(*) from task" + where).params(params).query(Long.class).single();
        List<Task> items = jdbc.sql("select " + Task.COLUMNS + " from task" + where
                        + " order by created_at desc, seq desc limit :limit offset :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, i) -> Task.from(rs, json)).list();
        return new Page<>(items, page, size, total);
    }

    public Task task(String tenantId, UUID id) {
        return jdbc.sql("select " + Task.COLUMNS + " from task where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query((rs, i) -> Task.from(rs, json)).optional()
                .orElseThrow(() -> ProblemException.notFound("task", id.toString()));
    }

    public Detail detail(String tenantId, UUID id) {
        Task task = task(tenantId, id);
        List<Entry> history = jdbc.sql("""
                select previous_status, new_status, reason, bot_id, progress, message, by_principal, at
                from task_history where task_id = :id and tenant_id = :tenant order by id
                """)
                .param("id", id).param("tenant", tenantId)
                .query((rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()))
                .list();
        return new Detail(task, history);
    }
}
