package io.bothub.metrics.errors;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/** Bots' error logs: newest first, filtered by bot, type and resolution; resolving one records who did it. */
@RestController
@RequestMapping("/api/v1/metrics")
class ErrorLogController {

    private static final String COLUMNS = "id, bot_id, error_type, error_code, message, request_id, command_id, "
            + "session_id, occurred_at, resolved_at, resolved_by";

    private final JdbcClient jdbc;
    private final Clock clock;

    ErrorLogController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/errors")
    List<BotError> errors(Caller caller, @RequestParam(required = false) @Nullable String botId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable Boolean resolved,
            @RequestParam(defaultValue = "100") int limit) {
        caller.require(Scopes.CONFIG_READ);
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid(List.of(new FieldProblem("limit", "must be between 1 and 1000")));
        }
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from bot_error where tenant_id = :tenant");
        if (botId != null) {
            sql.append(" and bot_id = :bot");
        }
        if (type != null) {
            sql.append(" and error_type = :type");
        }
        if (resolved != null) {
            sql.append(resolved ? " and resolved_at is not null" : " and resolved_at is null");
        }
        sql.append(" order by occurred_at desc, id limit :limit");
        var spec = jdbc.sql(sql.toString()).param("tenant", caller.tenantId()).param("limit", limit);
        if (botId != null) {
            spec = spec.param("bot", botId);
        }
        if (type != null) {
            spec = spec.param("type", type);
        }
        return spec.query((rs, i) -> read(rs)).list();
    }

    @GetMapping("/bots/{botId}/errors")
    List<BotError> ofBot(Caller caller, @PathVariable String botId,
            @RequestParam(required = false) @Nullable Boolean resolved, @RequestParam(defaultValue = "100") int limit) {
        return errors(caller, botId, null, resolved, limit);
    }

    @PostMapping("/errors/{id}/resolve")
    BotError resolve(Caller caller, @PathVariable String id) {
        caller.require(Scopes.CONFIG_WRITE);
        UUID errorId;
        try {
            errorId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("error", id);
        }
        jdbc.sql("update bot_error set resolved_at = :now, resolved_by = :by "
                        + "where tenant_id = :tenant and id = :id and resolved_at is null")
                .param("now", Timestamp.from(clock.instant())).param("by", caller.principal())
                .param("tenant", caller.tenantId()).param("id", errorId).update();
        return jdbc.sql("select " + COLUMNS + " from bot_error where tenant_id = :tenant and id = :id")
                .param("tenant", caller.tenantId()).param("id", errorId).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> ProblemException.notFound("error", id));
    }

    private static BotError read(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp resolvedAt = rs.getTimestamp(10);
        return new BotError(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), resolvedAt != null,
                resolvedAt == null ? null : resolvedAt.toInstant(), rs.getString(11));
    }
}
