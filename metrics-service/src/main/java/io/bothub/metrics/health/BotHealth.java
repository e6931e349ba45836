package io.bothub.metrics.health;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.metrics.window.Figures;
import io.bothub.metrics.window.Window;
import io.bothub.metrics.window.WindowQueries;

/** Bots' states and health scores, computed from their last heartbeat and the health window's figures. */
@Component
public class BotHealth {

    static final String COLUMNS = "tenant_id, bot_id, name, group_id, role_id, max_sessions, enabled, status, "
            + "last_heartbeat_at, cpu_percent, memory_percent, current_load, active_sessions, active_tasks";

    private final JdbcClient jdbc;
    private final WindowQueries windows;
    private final HealthSettings settings;
    private final Window window;

    BotHealth(JdbcClient jdbc, WindowQueries windows, HealthSettings settings) {
        this.jdbc = jdbc;
        this.windows = windows;
        this.settings = settings;
        this.window = Window.of(settings.window())
                .orElseThrow(() -> new IllegalArgumentException("bothub.metrics.health.window must be one of 1m, 5m, 15m, 1h, 1d"));
    }

    /** A bot's health at an instant. */
    public record Snapshot(BotState bot, int score, Figures figures) {
    }

    public Window window() {
        return window;
    }

    public Optional<BotState> state(String tenantId, String botId) {
        return states(tenantId, List.of(botId)).stream().findFirst();
    }

    public List<BotState> states(String tenantId, Collection<String> botIds) {
        return jdbc.sql("select " + COLUMNS + " from bot where tenant_id = :tenant and bot_id = any(:bots) order by bot_id")
                .param("tenant", tenantId).param("bots", botIds.toArray(String[]::new))
                .query((rs, i) -> read(rs)).list();
    }

    /** The health of {@code botIds} (those known) at {@code at}. */
    public List<Snapshot> of(String tenantId, Collection<String> botIds, Instant at) {
        List<BotState> states = states(tenantId, botIds);
        Map<String, Figures> figures = windows.perBot(tenantId, states.stream().map(BotState::botId).toList(), window, at);
        List<Snapshot> snapshots = new ArrayList<>();
        for (BotState state : states) {
            Figures f = figures.get(state.botId());
            snapshots.add(new Snapshot(state, score(state, f), f));
        }
        return snapshots;
    }

    public int score(BotState state, Figures f) {
        return HealthScore.of(new HealthScore.Inputs(state.cpuPercent(), state.memoryPercent(), f.avgResponseMillis(),
                f.successRate(), state.activeSessions(), state.maxSessions(), f.errorRate()), settings.weights());
    }

    static BotState read(ResultSet rs) throws SQLException {
        return new BotState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getBoolean(7), rs.getString(8),
                rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                rs.getObject(10, Double.class), rs.getObject(11, Double.class), rs.getObject(12, Double.class),
                rs.getInt(13), rs.getInt(14));
    }
}
