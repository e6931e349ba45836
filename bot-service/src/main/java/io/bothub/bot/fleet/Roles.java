package io.bothub.bot.fleet;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Roles a bot can hold: the five system roles of seed 002, plus any a tenant defines. */
@Component
class Roles {

    record Role(String roleId, String name, @Nullable String description, List<String> permissions,
            boolean system) {
    }

    private final JdbcClient jdbc;

    Roles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Role> of(String tenantId) {
        return jdbc.sql("select role_id, name, description, permissions, is_system from bot_role "
                + "where tenant_id is null or tenant_id = :t order by is_system desc, role_id")
                .param("t", tenantId)
                .query((rs, i) -> new Role(rs.getString(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getBoolean(5)))
                .list();
    }

    boolean exists(String tenantId, String roleId) {
        return jdbc.sql("select count(*) from bot_role where role_id = :r and (tenant_id is null or tenant_id = :t)")
                .param("r", roleId).param("t", tenantId).query(Integer.class).single() > 0;
    }
}
