package io.bothub.bot.fleet;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.bot.BotUpdated;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes bots' configuration, one at a time or in batches. Every change is announced with the bot's whole
 * configuration afterwards ({@code BotUpdated}); enabling and disabling is also kept in the status history.
 */
@Service
class ConfiguringBots {

    private final JdbcClient jdbc;
    private final Groups groups;
    private final Roles roles;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ConfiguringBots(JdbcClient jdbc, Groups groups, Roles roles, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.groups = groups;
        this.roles = roles;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    BotSummary configure(String tenantId, String botId, BotConfiguration change) {
        List<FieldProblem> errors = new ArrayList<>();
        if (change.groupId() != null && !groups.exists(tenantId, change.groupId())) {
            errors.add(new FieldProblem("groupId", "no group '" + change.groupId() + "' in this tenant"));
        }
        if (change.roleId() != null && !roles.exists(tenantId, change.roleId())) {
            errors.add(new FieldProblem("roleId", "no role '" + change.roleId() + "'"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        int updated = jdbc.sql("""
                update bot set
                    name = coalesce(:name, name),
                    group_id = coalesce(:groupId, group_id),
                    role_id = coalesce(:roleId, role_id),
                    capabilities = coalesce(:capabilities, capabilities),
                    priority = coalesce(:priority, priority),
                    max_concurrent_sessions = coalesce(:maxSessions, max_concurrent_sessions),
                    weight = coalesce(:weight, weight),
                    heartbeat_interval_seconds = coalesce(:interval, heartbeat_interval_seconds),
                    enabled_intents = coalesce(:intents, enabled_intents),
                    model_config = coalesce(cast(:modelConfig as jsonb), model_config),
                    response_config = coalesce(cast(:responseConfig as jsonb), response_config),
                    tags = coalesce(:tags, tags),
                    metadata = coalesce(cast(:metadata as jsonb), metadata),
                    updated_at = :at
                where tenant_id = :tenant and bot_id = :bot
                """)
                .param("name", change.name() == null ? null : change.name().strip())
                .param("groupId", change.groupId())
                .param("roleId", change.roleId())
                .param("capabilities", array(change.capabilities()))
                .param("priority", change.priority())
                .param("maxSessions", change.maxConcurrentSessions())
                .param("weight", change.weight())
                .param("interval", change.heartbeatIntervalSeconds())
                .param("intents", array(change.enabledIntents()))
                .param("modelConfig", jsonOrNull(change.modelConfig()))
                .param("responseConfig", jsonOrNull(change.responseConfig()))
                .param("tags", array(change.tags()))
                .param("metadata", jsonOrNull(change.metadata()))
                .param("at", Timestamp.from(clock.instant()))
                .param("tenant", tenantId).param("bot", botId)
                .update();
        if (updated == 0) {
            throw ProblemException.notFound("bot", botId);
        }
        return announce(tenantId, botId);
    }

    /** Applies one action to many bots in one transaction; returns the ids that do not exist in the tenant. */
    @Transactional
    List<String> batch(String tenantId, BatchAction action, String changedBy) {
        List<FieldProblem> errors = new ArrayList<>();
        switch (action.action()) {
            case "assign-group" -> {
                if (action.groupId() == null || !groups.exists(tenantId, action.groupId())) {
                    errors.add(new FieldProblem("groupId", "an existing group of this tenant is required"));
                }
            }
            case "assign-role" -> {
                if (action.roleId() == null || !roles.exists(tenantId, action.roleId())) {
                    errors.add(new FieldProblem("roleId", "an existing role is required"));
                }
            }
            case "enable", "disable" -> {
                // no parameters
            }
            default -> errors.add(new FieldProblem("action", "must be enable, disable, assign-group or assign-role"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<String> missing = new ArrayList<>();
        Instant now = clock.instant();
        for (String botId : action.botIds().stream().distinct().toList()) {
            Optional<Boolean> wasEnabled = jdbc.sql("select enabled from bot where tenant_id = :t and bot_id = :b for update")
                    .param("t", tenantId).param("b", botId).query(Boolean.class).optional();
            if (wasEnabled.isEmpty()) {
                missing.add(botId);
                continue;
            }
            switch (action.action()) {
                case "assign-group" -> set(tenantId, botId, "group_id = :v", action.groupId(), now);
                case "assign-role" -> set(tenantId, botId, "role_id = :v", action.roleId(), now);
                default -> {
                    boolean enable = "enable".equals(action.action());
                    set(tenantId, botId, "enabled = :v", enable, now);
                    if (wasEnabled.get() != enable) {
                        jdbc.sql("""
                                insert into bot_status_history (tenant_id, bot_id, old_status, new_status, reason,
                                                                changed_by, changed_at)
                                values (:t, :b, :old, :new, 'manual', :by, :at)
                                """)
                                .param("t", tenantId).param("b", botId)
                                .param("old", enable ? "disabled" : "enabled").param("new", enable ? "enabled" : "disabled")
                                .param("by", changedBy).param("at", Timestamp.from(now)).update();
                    }
                }
            }
            announce(tenantId, botId);
        }
        return missing;
    }

    private void set(String tenantId, String botId, String assignment, Object value, Instant now) {
        jdbc.sql("update bot set " + assignment + ", updated_at = :at where tenant_id = :t and bot_id = :b")
                .param("v", value).param("at", Timestamp.from(now)).param("t", tenantId).param("b", botId).update();
    }

    /** Publishes the bot's whole configuration as it is now ({@code BotUpdated}); needs the transaction of the change. */
    BotSummary announce(String tenantId, String botId) {
        BotSummary bot = jdbc.sql("""
                select bot_id, name, status, enabled, group_id, role_id, capabilities, tags, priority,
                       max_concurrent_sessions, weight
                from bot where tenant_id = :t and bot_id = :b
                """).param("t", tenantId).param("b", botId)
                .query((rs, i) -> new BotSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), List.of((String[]) rs.getArray(7).getArray()),
                        List.of((String[]) rs.getArray(8).getArray()), rs.getInt(9), rs.getInt(10), rs.getInt(11)))
                .single();
        outbox.add(tenantId, new BotUpdated(bot.botId(), bot.name(), bot.groupId(), bot.roleId(), bot.capabilities(),
                bot.maxConcurrentSessions(), bot.weight(), bot.priority(), bot.tags(), bot.enabled(), clock.instant()));
        return bot;
    }

    private static String @Nullable [] array(@Nullable List<String> values) {
        return values == null ? null : values.stream().distinct().toArray(String[]::new);
    }

    private @Nullable String jsonOrNull(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    /**
     * One action for many bots.
     *
     * @param action  {@code enable}, {@code disable}, {@code assign-group} or {@code assign-role}
     */
    record BatchAction(@jakarta.validation.constraints.NotEmpty @jakarta.validation.constraints.Size(max = 1000)
            List<String> botIds, @jakarta.validation.constraints.NotBlank String action, @Nullable String groupId,
            @Nullable String roleId) {
    }
}
