package io.bothub.routing.fleet;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Queries over routing-service's own view of the fleet: who can take work, and how each group chooses.
 *
 * <p>A tenant's bots are read once and held for {@code bothub.routing.fleet-cache-ttl} (1 s): an assignment then
 * costs no fleet query. This replica's own view changes drop the tenant's entry at once; changes another replica
 * consumed show within the interval. Staleness cannot over-assign (seats are counted in Redis) and cannot seat a
 * session on a bot that went offline (the seating statement re-checks the bot's row).
 */
@Component
public class Fleet {

    private record Row(String botId, @Nullable String groupId, List<String> capabilities, int maxSessions, int weight,
            @Nullable Double healthScore, @Nullable Double avgResponseMs) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * A tenant's bots as this replica holds them (read once per {@code fleet-cache-ttl}, and again after a change it
     * consumed), and the ones qualifying for each group and capabilities asked for so far. The same object until then:
     * a caller that built something from one view can tell whether it is still current.
     */
    public static final class View {
        private final List<Row> rows;
        private final Map<Qualifying, Qualified> qualifying = new ConcurrentHashMap<>();

        private View(List<Row> rows) {
            this.rows = rows;
        }
    }

    private record Qualifying(@Nullable String group, List<String> capabilities) {
    }

    private record Qualified(List<Row> rows, Map<String, Integer> positions) {
    }

    /**
     * The bots that qualify, as {@link #available} gives them, and where each bot is in that list: a caller that
     * follows seats it expects to take finds a bot without building an index of a fleet per decision.
     */
    public record Candidates(List<FleetBot> bots, Map<String, Integer> positions) {
    }

    private final Cache<String, View> bots;
    private final Cache<String, Map<String, String>> strategies;

    Fleet(JdbcClient jdbc, Clock clock, @Value("${bothub.routing.fleet-cache-ttl:1s}") Duration ttl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.bots = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.strategies = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    /**
     * The tenant's online, enabled bots of {@code group} (any group when null) holding every one of
     * {@code capabilities}, with their current seat counts from {@code held}.
     */
    public List<FleetBot> available(String tenantId, @Nullable String group, List<String> capabilities,
            Map<String, Integer> held) {
        return candidates(tenantId, group, capabilities, held).bots();
    }

    /** {@link #available}, with each bot's position in the list. */
    public Candidates candidates(String tenantId, @Nullable String group, List<String> capabilities,
            Map<String, Integer> held) {
        return candidates(view(tenantId), group, capabilities, held);
    }

    /** The tenant's fleet as held now. */
    public View view(String tenantId) {
        return Objects.requireNonNull(bots.get(tenantId, t -> new View(load(t))));
    }

    /** {@link #candidates(String, String, List, Map)} from a view taken before. */
    public Candidates candidates(View view, @Nullable String group, List<String> capabilities,
            Map<String, Integer> held) {
        Qualified qualified = view.qualifying.computeIfAbsent(new Qualifying(group, List.copyOf(capabilities)), q -> {
            List<Row> rows = view.rows.stream()
                    .filter(b -> group == null || group.equals(b.groupId()))
                    .filter(b -> b.capabilities().containsAll(capabilities))
                    .toList();
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                positions.put(rows.get(i).botId(), i);
            }
            return new Qualified(rows, java.util.Collections.unmodifiableMap(positions));
        });
        List<FleetBot> available = new ArrayList<>(qualified.rows().size());
        for (Row b : qualified.rows()) {
            available.add(new FleetBot(b.botId(), b.maxSessions(), b.weight(), held.getOrDefault(b.botId(), 0),
                    b.healthScore(), b.avgResponseMs()));
        }
        return new Candidates(available, qualified.positions());
    }

    private List<Row> load(String tenantId) {
        return jdbc.sql("""
                select bot_id, group_id, capabilities, max_concurrent_sessions, weight, health_score, avg_response_ms
                from fleet_bot where tenant_id = :tenant and status = 'online' and enabled
                """)
                .param("tenant", tenantId)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
                        rs.getInt(4), rs.getInt(5), (Double) rs.getObject(6), (Double) rs.getObject(7)))
                .list().stream()
                // In id order (Java's, not the database collation's): weighted round robin orders its wheel by id,
                // and sorting a list already in order costs one pass per decision instead of a full sort.
                .sorted(java.util.Comparator.comparing(Row::botId)).toList();
    }

    /** This replica changed its view of the tenant's fleet: the next assignment reads it afresh. */
    void forget(String tenantId) {
        bots.invalidate(tenantId);
    }

    /** The group's strategy, else the tenant's default ({@code '*'}), else least sessions. */
    public Strategy strategyFor(String tenantId, @Nullable String group) {
        Map<String, String> set = Objects.requireNonNull(strategies.get(tenantId, this::strategies));
        String id = set.getOrDefault(group == null ? "*" : group, set.get("*"));
        return id == null ? Strategy.LEAST_SESSIONS : Strategy.of(id);
    }

    public void setStrategy(String tenantId, String group, Strategy strategy) {
        jdbc.sql("""
                insert into routing_strategy (tenant_id, group_id, strategy, updated_at) values (:tenant, :group, :s, :now)
                on conflict (tenant_id, group_id) do update set strategy = excluded.strategy, updated_at = excluded.updated_at
                """)
                .param("tenant", tenantId).param("group", group).param("s", strategy.id())
                .param("now", Timestamp.from(clock.instant())).update();
        strategies.invalidate(tenantId);
    }

    /** Every strategy set for the tenant, by group ({@code '*'} is the default). */
    public Map<String, String> strategies(String tenantId) {
        Map<String, String> strategies = new java.util.TreeMap<>();
        jdbc.sql("select group_id, strategy from routing_strategy where tenant_id = :tenant").param("tenant", tenantId)
                .query((rs, i) -> strategies.put(rs.getString(1), rs.getString(2))).list();
        return strategies;
    }
}
