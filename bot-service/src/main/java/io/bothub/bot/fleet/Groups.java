package io.bothub.bot.fleet;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's bot groups. Every tenant starts with seed 002's four: customer service, marketing, management and
 * testing; they are created the first time the tenant's groups are needed.
 */
@Component
public class Groups {

    /** A group as the API shows it. */
    public record Group(String groupId, String name, @Nullable String description, @Nullable String color,
            @Nullable String icon, int priority, boolean enabled) {
    }

    private static final List<Group> DEFAULTS = List.of(
            new Group("customer-service", "客服机器人", "Customer service bots", "blue", "MessageSquare", 10, true),
            new Group("marketing", "营销机器人", "Marketing bots", "green", "TrendingUp", 9, true),
            new Group("management", "管理机器人", "Management bots", "orange", "Shield", 8, true),
            new Group("testing", "测试机器人", "Test bots", "purple", "TestTube", 1, true));

    private final JdbcClient jdbc;

    Groups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Group> of(String tenantId) {
        ensureDefaults(tenantId);
        return jdbc.sql("select group_id, name, description, color, icon, priority, enabled from bot_group "
                + "where tenant_id = :t order by priority desc, group_id")
                .param("t", tenantId).query(Group.class).list();
    }

    public boolean exists(String tenantId, String groupId) {
        ensureDefaults(tenantId);
        return jdbc.sql("select count(*) from bot_group where tenant_id = :t and group_id = :g")
                .param("t", tenantId).param("g", groupId).query(Integer.class).single() > 0;
    }

    void ensureDefaults(String tenantId) {
        for (Group group : DEFAULTS) {
            jdbc.sql("""
                    insert into bot_group (tenant_id, group_id, name, description, color, icon, priority, enabled)
                    values (:t, :id, :name, :description, :color, :icon, :priority, true)
                    on conflict do nothing
                    """)
                    .param("t", tenantId).param("id", group.groupId()).param("name", group.name())
                    .param("description", group.description()).param("color", group.color())
                    .param("icon", group.icon()).param("priority", group.priority())
                    .update();
        }
    }
}
