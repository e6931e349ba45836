package io.bothub.metrics.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.metrics.AlertRaised;
import io.bothub.events.metrics.AlertResolved;
import io.bothub.metrics.telemetry.PlatformMeters;
import io.bothub.support.outbox.Outbox;

/**
 * Incidents, stored with their events in one transaction. At most one incident is open per tenant, kind and bot
 * (a unique index), so a condition that keeps holding, evaluated by any number of replicas, raises one alert.
 */
@Component
class Alerts {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final PlatformMeters meters;

    Alerts(JdbcClient jdbc, Outbox outbox, PlatformMeters meters) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** Raises an incident unless one of this kind is open for the bot; true if raised. */
    @Transactional
    public boolean raise(String tenantId, AlertRules.Rule rule, String botId, @Nullable String groupId, String message,
            double value, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                insert into alert (id, tenant_id, rule_id, kind, severity, bot_id, group_id, message, value, threshold, raised_at)
                values (:id, :tenant, :rule, :kind, :severity, :bot, :group, :message, :value, :threshold, :now)
                on conflict (tenant_id, kind, bot_id) where resolved_at is null do nothing
                """).param("id", id).param("tenant", tenantId).param("rule", rule.id()).param("kind", rule.kind())
                .param("severity", rule.severity()).param("bot", botId).param("group", groupId)
                .param("message", message).param("value", value).param("threshold", rule.threshold())
                .param("now", Timestamp.from(now)).update();
        if (inserted == 0) {
            return false;
        }
        outbox.add(tenantId, new AlertRaised(id.toString(), rule.id(), rule.kind(), rule.severity(), botId, groupId,
                message, value, rule.threshold(), now));
        meters.alert(rule.kind(), rule.severity(), "raised");
        return true;
    }

    /** Resolves the open incident of this kind for the bot, if any. */
    @Transactional
    public Optional<Alert> resolveOpen(String tenantId, String kind, String botId, String reason, Instant now) {
        return resolveWhere("tenant_id = :tenant and kind = :kind and bot_id = :bot", tenantId, kind, botId, reason, now);
    }

    /** Resolves an incident by id (a person saw to it). Empty if there is no such open incident in the tenant. */
    @Transactional
    public Optional<Alert> resolveById(String tenantId, UUID id, String reason, Instant now) {
        return resolveWhere("tenant_id = :tenant and id = cast(:kind as uuid)", tenantId, id.toString(), null, reason, now);
    }

    private Optional<Alert> resolveWhere(String where, String tenantId, String kind, @Nullable String botId,
            String reason, Instant now) {
        var spec = jdbc.sql("update alert set resolved_at = :now, resolve_reason = :reason where " + where
                        + " and resolved_at is null returning " + Alert.COLUMNS)
                .param("now", Timestamp.from(now)).param("reason", reason).param("tenant", tenantId).param("kind", kind);
        if (botId != null) {
            spec = spec.param("bot", botId);
        }
        Optional<Alert> resolved = spec.query((rs, i) -> Alert.read(rs)).optional();
        resolved.ifPresent(alert -> {
            outbox.add(tenantId, new AlertResolved(alert.id(), alert.ruleId(), reason, now));
            meters.alert(alert.kind(), alert.severity(), "resolved");
        });
        return resolved;
    }

    /** Open incidents as {tenant, kind, bot}, for evaluation (so they clear even when no event comes). */
    List<String[]> openKeys() {
        return jdbc.sql("select tenant_id, kind, bot_id from alert where resolved_at is null")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
    }

    List<Alert> list(String tenantId, @Nullable String state, @Nullable String botId, @Nullable String kind, int limit) {
        StringBuilder sql = new StringBuilder("select " + Alert.COLUMNS + " from alert where tenant_id = :tenant");
        if ("open".equals(state)) {
            sql.append(" and resolved_at is null");
        } else if ("resolved".equals(state)) {
            sql.append(" and resolved_at is not null");
        }
        if (botId != null) {
            sql.append(" and bot_id = :bot");
        }
        if (kind != null) {
            sql.append(" and kind = :kind");
        }
        sql.append(" order by raised_at desc limit :limit");
        var spec = jdbc.sql(sql.toString()).param("tenant", tenantId).param("limit", limit);
        if (botId != null) {
            spec = spec.param("bot", botId);
        }
        if (kind != null) {
            spec = spec.param("kind", kind);
        }
        return spec.query((rs, i) -> Alert.read(rs)).list();
    }

    Optional<Alert> get(String tenantId, UUID id) {
        return jdbc.sql("select " + Alert.COLUMNS + " from alert where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query((rs, i) -> Alert.read(rs)).optional();
    }

    /** Open incidents per kind for the tenant (for the overview). */
    long openCount(String tenantId) {
        return jdbc.sql("select count(*) from alert where tenant_id = :tenant and resolved_at is null")
                .param("tenant", tenantId).query(Long.class).single();
    }
}
