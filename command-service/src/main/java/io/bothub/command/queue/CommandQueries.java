package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/** Reading commands, their delivery attempts and batches; always within the caller's tenant. */
@Service
class CommandQueries {

    record Page<T>(List<T> items, int page, int size, long total) {
    }

    record Filter(@Nullable String botId, @Nullable String status, @Nullable String type, @Nullable UUID batchId,
            @Nullable Instant from, @Nullable Instant to) {
    }

    record Attempt(int attempt, Instant attemptedAt, @Nullable Integer statusCode, @Nullable Integer latencyMs,
            String outcome, @Nullable String error) {
    }

    record Detail(Command command, List<Attempt> attempts) {
    }

    record Batch(UUID batchId, String type, Object target, int total, Map<String, Integer> byStatus,
            String createdBy, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CommandQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Page<Command> list(String tenantId, Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenantId);
        if (filter.botId() != null) {
            where.append(" and bot_id = :bot");
            params.put("bot", filter.botId());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status());
        }
        if (filter.type() != null) {
            where.append(" and command_type = :type");
            params.put("type", filter.type());
        }
        if (filter.batchId() != null) {
            where.append(" and batch_id = :batch");
            params.put("batch", filter.batchId());
        }
        if (filter.from() != null) {
            where.append(" and created_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" and created_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        long total = jdbc.sql("select count(*) from command" + where).params(params).query(Long.class).single();
        List<Command> items = jdbc.sql("select " + Command.COLUMNS + " from command" + where
                        + " order by created_at desc, seq desc limit :limit offset :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, i) -> Command.from(rs, json)).list();
        return new Page<>(items, page, size, total);
    }

    Detail detail(String tenantId, UUID id) {
        Command command = jdbc.sql("select " + Command.COLUMNS + " from command where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query((rs, i) -> Command.from(rs, json)).optional()
                .orElseThrow(() -> ProblemException.notFound("command", id.toString()));
        List<Attempt> attempts = jdbc.sql("""
                select attempt, attempted_at, status_code, latency_ms, outcome, error from delivery_attempt
                where command_id = :id and tenant_id = :tenant order by id
                """)
                .param("id", id).param("tenant", tenantId)
                .query((rs, i) -> new Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        (Integer) rs.getObject(3), (Integer) rs.getObject(4), rs.getString(5), rs.getString(6)))
                .list();
        return new Detail(command, attempts);
    }

    Page<Batch> batches(String tenantId, int page, int size) {
        long total = jdbc.sql("select count(*) from command_batch where tenant_id = :tenant")
                .param("tenant", tenantId).query(Long.class).single();
        List<UUID> ids = jdbc.sql("select id from command_batch where tenant_id = :tenant order by created_at desc limit :limit offset :offset")
                .param("tenant", tenantId).param("limit", size).param("offset", (long) page * size)
                .query(UUID.class).list();
        List<Batch> batches = new ArrayList<>();
        for (UUID id : ids) {
            batches.add(batch(tenantId, id));
        }
        return new Page<>(batches, page, size, total);
    }

    Batch batch(String tenantId, UUID id) {
        record Row(String type, String target, int total, String by, Instant at) {
        }
        Row row = jdbc.sql("select command_type, target::text, total, created_by, created_at from command_batch where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant())).optional()
                .orElseThrow(() -> ProblemException.notFound("command batch", id.toString()));
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) from command where batch_id = :id and tenant_id = :tenant group by status order by status")
                .param("id", id).param("tenant", tenantId)
                .query(rs -> {
                    byStatus.put(rs.getString(1), rs.getInt(2));
                });
        return new Batch(id, row.type(), json.readTree(row.target()), row.total(), byStatus, row.by(), row.at());
    }
}
