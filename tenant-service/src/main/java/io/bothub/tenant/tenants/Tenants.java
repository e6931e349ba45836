package io.bothub.tenant.tenants;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.tenant.TenantConfigured;
import io.bothub.events.tenant.TenantDeleted;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.ProblemException;
import io.bothub.tenant.Ids;
import io.bothub.tenant.TenantSettings;
import io.bothub.tenant.users.Users;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tenants: signing up, configuring, suspending and deleting one. */
@Service
class Tenants {

    record Tenant(String id, String slug, String name, String status, JsonNode settings, Quotas quotas,
            Instant createdAt, Instant updatedAt) {
    }

    record Quotas(int maxBots, int requestsPerMinute, int commandsPerDay) {
    }

    record SignedUp(Tenant tenant, Users.User administrator) {
    }

    private final JdbcClient jdbc;
    private final Users users;
    private final Outbox outbox;
    private final TenantSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    Tenants(JdbcClient jdbc, Users users, Outbox outbox, TenantSettings settings, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.outbox = outbox;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** A new tenant with its first administrator; the slug is unique. */
    @Transactional
    SignedUp signUp(String slug, String name, String adminEmail, String adminName, String adminPassword) {
        String id = Ids.next("tn");
        Instant now = clock.instant();
        TenantSettings.Quotas quotas = settings.defaultQuotas();
        try {
            jdbc.sql("""
                    insert into tenant (id, slug, name, status, max_bots, requests_per_minute, commands_per_day,
                                        created_at, updated_at)
                    values (:id, :slug, :name, 'active', :bots, :rpm, :cpd, :now, :now)
                    """)
                    .param("id", id).param("slug", slug).param("name", name).param("bots", quotas.maxBots())
                    .param("rpm", quotas.requestsPerMinute()).param("cpd", quotas.commandsPerDay())
                    .param("now", Timestamp.from(now)).update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("slug-taken", "a tenant with slug '" + slug + "' already exists");
        }
        Users.User admin = users.create(id, adminEmail, adminName, adminPassword, "administrator");
        return new SignedUp(announce(get(id)), admin);
    }

    Tenant get(String tenantId) {
        return jdbc.sql("select " + COLUMNS + " from tenant where id = :id and status <> 'deleted'")
                .param("id", tenantId).query(this::tenant).optional()
                .orElseThrow(() -> ProblemException.notFound("tenant", tenantId));
    }

    @Transactional
    Tenant configure(String tenantId, @Nullable String name, @Nullable JsonNode tenantSettings, @Nullable Quotas quotas) {
        Tenant current = get(tenantId);
        Quotas next = Objects.requireNonNullElse(quotas, current.quotas());
        jdbc.sql("""
                update tenant set name = :name, settings = cast(:settings as jsonb), max_bots = :bots,
                       requests_per_minute = :rpm, commands_per_day = :cpd, updated_at = :now
                where id = :id
                """)
                .param("name", Objects.requireNonNullElse(name, current.name()))
                .param("settings", json.writeValueAsString(Objects.requireNonNullElse(tenantSettings, current.settings())))
                .param("bots", next.maxBots()).param("rpm", next.requestsPerMinute()).param("cpd", next.commandsPerDay())
                .param("now", Timestamp.from(clock.instant())).param("id", tenantId).update();
        return announce(get(tenantId));
    }

    /** Tells the services that enforce quotas (and the gateway's standing checks) what holds now. */
    private Tenant announce(Tenant tenant) {
        outbox.add(tenant.id(), new TenantConfigured(tenant.id(), tenant.status(), tenant.quotas().maxBots(),
                tenant.quotas().requestsPerMinute(), tenant.quotas().commandsPerDay(), clock.instant()));
        return tenant;
    }

    /** A suspended tenant's users cannot log in and its keys stop working; its data stays. */
    @Transactional
    Tenant setStatus(String tenantId, String status) {
        get(tenantId);
        jdbc.sql("update tenant set status = :status, updated_at = :now where id = :id")
                .param("status", status).param("now", Timestamp.from(clock.instant())).param("id", tenantId).update();
        return announce(get(tenantId));
    }

    /**
     * Deletes a tenant: its own rows here at once, and every other service's through {@link TenantDeleted}. The
     * tenant row stays, marked deleted, so its id and slug are never reused for someone else.
     */
    @Transactional
    void delete(String tenantId, String deletedBy) {
        get(tenantId);
        jdbc.sql("delete from refresh_token where tenant_id = :id").param("id", tenantId).update();
        jdbc.sql("delete from agent_api_key where tenant_id = :id").param("id", tenantId).update();
        jdbc.sql("delete from agent where tenant_id = :id").param("id", tenantId).update();
        jdbc.sql("delete from app_user where tenant_id = :id").param("id", tenantId).update();
        jdbc.sql("delete from tenant_usage where tenant_id = :id").param("id", tenantId).update();
        jdbc.sql("update tenant set status = 'deleted', settings = '{}', updated_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", tenantId).update();
        outbox.add(tenantId, new TenantDeleted(tenantId, deletedBy, clock.instant()));
    }

    /** What the gateway needs on every request of a tenant: whether it may use BotHub, and how much. */
    record Standing(String status, int requestsPerMinute) {
    }

    /** The standing of a tenant, deleted ones included (the gateway refuses them too). */
    java.util.Optional<Standing> standing(String tenantId) {
        return jdbc.sql("select status, requests_per_minute from tenant where id = :id").param("id", tenantId)
                .query((rs, i) -> new Standing(rs.getString(1), rs.getInt(2))).optional();
    }

    /** Today's counted usage by metric. */
    Map<String, Long> usageToday(String tenantId) {
        return jdbc.sql("select metric, count from tenant_usage where tenant_id = :id and day = (now() at time zone 'utc')::date")
                .param("id", tenantId).query(rs -> {
                    Map<String, Long> usage = new java.util.TreeMap<>();
                    while (rs.next()) {
                        usage.put(rs.getString(1), rs.getLong(2));
                    }
                    return usage;
                });
    }

    private static final String COLUMNS = "id, slug, name, status, settings::text, max_bots, requests_per_minute, "
            + "commands_per_day, created_at, updated_at";

    private Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                json.readTree(rs.getString(5)), new Quotas(rs.getInt(6), rs.getInt(7), rs.getInt(8)),
                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant());
    }

}
