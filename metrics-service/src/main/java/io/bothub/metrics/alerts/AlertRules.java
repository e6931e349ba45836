package io.bothub.metrics.alerts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's alert rules. For a bot, the rule of its kind for the bot's group wins, then the tenant-wide one, then
 * the built-in default ({@link AlertSettings}).
 */
@Component
class AlertRules {

    /** A rule in force. {@code id} is {@code default:<kind>} for a built-in one. */
    record Rule(String id, String kind, @Nullable String groupId, double threshold, int minSamples, String severity,
            boolean enabled, boolean builtIn) {
    }

    private final JdbcClient jdbc;
    private final AlertSettings settings;
    private final Clock clock;

    AlertRules(JdbcClient jdbc, AlertSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** The tenant's own rules. */
    List<Rule> ofTenant(String tenantId) {
        return jdbc.sql("select id, kind, group_id, threshold, min_samples, severity, enabled from alert_rule "
                        + "where tenant_id = :tenant order by kind, group_id nulls first")
                .param("tenant", tenantId)
                .query((rs, i) -> new Rule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                        rs.getInt(5), rs.getString(6), rs.getBoolean(7), false))
                .list();
    }

    /** Every rule in force for the tenant: its own, and the built-in ones it has not replaced tenant-wide. */
    List<Rule> inForce(String tenantId) {
        List<Rule> own = ofTenant(tenantId);
        List<Rule> all = new ArrayList<>();
        for (String kind : AlertKinds.ALL) {
            if (own.stream().noneMatch(r -> r.kind().equals(kind) && r.groupId() == null)) {
                all.add(builtIn(kind));
            }
        }
        all.addAll(own);
        return all;
    }

    /** The rule of {@code kind} for a bot of {@code groupId}, from the tenant's rules {@code own}. */
    Rule effective(List<Rule> own, String kind, @Nullable String groupId) {
        Rule tenantWide = null;
        for (Rule rule : own) {
            if (rule.kind().equals(kind)) {
                if (groupId != null && groupId.equals(rule.groupId())) {
                    return rule;
                }
                if (rule.groupId() == null) {
                    tenantWide = rule;
                }
            }
        }
        return tenantWide != null ? tenantWide : builtIn(kind);
    }

    Rule builtIn(String kind) {
        AlertSettings.Rule d = settings.defaultOf(kind);
        return new Rule("default:" + kind, kind, null, d.threshold(), d.minSamples(), d.severity(), true, true);
    }

    Rule put(String tenantId, String kind, @Nullable String groupId, double threshold, int minSamples, String severity,
            boolean enabled) {
        String id = jdbc.sql("""
                insert into alert_rule (id, tenant_id, kind, group_id, threshold, min_samples, severity, enabled, updated_at)
                values (:id, :tenant, :kind, :group, :threshold, :min, :severity, :enabled, :now)
                on conflict (tenant_id, kind, coalesce(group_id, '')) do update set threshold = excluded.threshold,
                    min_samples = excluded.min_samples, severity = excluded.severity, enabled = excluded.enabled,
                    updated_at = excluded.updated_at
                returning id
                """).param("id", UUID.randomUUID()).param("tenant", tenantId).param("kind", kind)
                .param("group", groupId).param("threshold", threshold).param("min", minSamples)
                .param("severity", severity).param("enabled", enabled).param("now", Timestamp.from(clock.instant()))
                .query(String.class).single();
        return new Rule(id, kind, groupId, threshold, minSamples, severity, enabled, false);
    }

    boolean delete(String tenantId, String kind, @Nullable String groupId) {
        return jdbc.sql("delete from alert_rule where tenant_id = :tenant and kind = :kind "
                        + "and coalesce(group_id, '') = :group")
                .param("tenant", tenantId).param("kind", kind).param("group", Objects.requireNonNullElse(groupId, ""))
                .update() > 0;
    }
}
