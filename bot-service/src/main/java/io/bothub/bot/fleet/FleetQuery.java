package io.bothub.bot.fleet;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Lists a tenant's bots by status, group, role, capability, tag and text, a page at a time. */
@Component
class FleetQuery {

    private static final String COLUMNS = "bot_id, name, status, enabled, group_id, role_id, capabilities, tags, "
            + "priority, max_concurrent_sessions, weight";

    private final JdbcClient jdbc;

    FleetQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    FleetPage<BotSummary> list(String tenantId, Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" from bot where tenant_id = :tenant");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("tenant", tenantId));
        condition(where, params, filter.status(), "status = :status", "status");
        condition(where, params, filter.group(), "group_id = :group", "group");
        condition(where, params, filter.role(), "role_id = :role", "role");
        condition(where, params, filter.capability(), ":capability = any(capabilities)", "capability");
        condition(where, params, filter.tag(), ":tag = any(tags)", "tag");
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and (name ilike :text or bot_id ilike :text)");
            params.put("text", "%" + filter.text().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
        List<BotSummary> items = jdbc.sql("select " + COLUMNS + where + " order by bot_id limit :limit offset :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, i) -> new BotSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), List.of((String[]) rs.getArray(7).getArray()),
                        List.of((String[]) rs.getArray(8).getArray()), rs.getInt(9), rs.getInt(10), rs.getInt(11)))
                .list();
        return new FleetPage<>(items, page, size, total);
    }

    private static void condition(StringBuilder where, Map<String, Object> params, @Nullable String value,
            String clause, String name) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    record Filter(@Nullable String status, @Nullable String group, @Nullable String role, @Nullable String capability,
            @Nullable String tag, @Nullable String text) {
    }
}
