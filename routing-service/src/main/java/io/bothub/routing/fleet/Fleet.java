package io.bothub.routing.fleet;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Queries over routing-service's own view of the fleet: who can take work, and how each group chooses. */
@Component
public class Fleet {

    private final JdbcClient jdbc;
    private final Clock clock;

    Fleet(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The tenant's online, enabled bots of {@code group} (any group when null) holding every one of
     * {@code capabilities}, with their current seat counts from {@code held}.
     */
    public List<FleetBot> available(String tenantId, @Nullable String group, List<String> capabilities,
            Map<String, Integer> held) {
        return jdbc.sql("""
                select bot_id, max_concurrent_sessions, weight, health_score, avg_response_ms from fleet_bot
                where tenant_id = :tenant and status = 'online' and enabled
                  and (cast(:group as text) is null or group_id = :group) and capabilities @> cast(:capabilities as text[])
                """)
                .param("tenant", tenantId).param("group", group)
                .param("capabilities", capabilities.toArray(String[]::new))
                .query((rs, i) -> new FleetBot(rs.getString(1), rs.getInt(2), rs.getInt(3),
                        held.getOrDefault(rs.getString(1), 0), (Double) rs.getObject(4), (Double) rs.getObject(5)))
                .list();
    }

    /** The group's strategy, else the tenant's default ({@code '*'}), else least sessions. */
    public Strategy strategyFor(String tenantId, @Nullable String group) {
        return jdbc.sql("""
                select strategy from routing_strategy where tenant_id = :tenant and group_id in (:group, '*')
                order by case when group_id = '*' then 1 else 0 end limit 1
                """)
                .param("tenant", tenantId).param("group", group == null ? "*" : group)
                .query(String.class).optional().map(Strategy::of).orElse(Strategy.LEAST_SESSIONS);
    }

    public void setStrategy(String tenantId, String group, Strategy strategy) {
        jdbc.sql("""
                insert into routing_strategy (tenant_id, group_id, strategy, updated_at) values (:tenant, :group, :s, :now)
                on conflict (tenant_id, group_id) do update set strategy = excluded.strategy, updated_at = excluded.updated_at
                """)
                .param("tenant", tenantId).param("group", group).param("s", strategy.id())
                .param("now", Timestamp.from(clock.instant())).update();
    }

    /** Every strategy set for the tenant, by group ({@code '*'} is the default). */
    public Map<String, String> strategies(String tenantId) {
        Map<String, String> strategies = new java.util.TreeMap<>();
        jdbc.sql("select group_id, strategy from routing_strategy where tenant_id = :tenant").param("tenant", tenantId)
                .query((rs, i) -> strategies.put(rs.getString(1), rs.getString(2))).list();
        return strategies;
    }
}
