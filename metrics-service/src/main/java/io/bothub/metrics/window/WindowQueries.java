package io.bothub.metrics.window;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sums of the minute or hour buckets over a window, per bot or for a whole tenant (or one group of it). */
@Component
public class WindowQueries {

    static final String SUMS = """
            coalesce(sum(heartbeats), 0), coalesce(sum(callbacks), 0), coalesce(sum(successes), 0),
            coalesce(sum(failures), 0), coalesce(sum(errors), 0), coalesce(sum(responses), 0),
            coalesce(sum(response_ms_sum), 0), coalesce(sum(commands_done), 0), coalesce(sum(commands_failed), 0),
            coalesce(sum(tasks_done), 0), coalesce(sum(tasks_failed), 0), coalesce(sum(sessions_opened), 0),
            coalesce(sum(sessions_ended), 0)""";

    private final JdbcClient jdbc;

    WindowQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Each of {@code botIds}' figures over {@code window} ending at {@code at}; bots with no activity get zeros. */
    public Map<String, Figures> perBot(String tenantId, Collection<String> botIds, Window window, Instant at) {
        Map<String, Figures> figures = new HashMap<>();
        if (botIds.isEmpty()) {
            return figures;
        }
        String table = window.hourly() ? "bot_hour" : "bot_minute";
        String bucket = window.hourly() ? "hour" : "minute";
        jdbc.sql("select bot_id, " + SUMS + " from " + table
                        + " where tenant_id = :tenant and bot_id = any(:bots) and " + bucket + " between :first and :last"
                        + " group by bot_id")
                .param("tenant", tenantId).param("bots", botIds.toArray(String[]::new))
                .param("first", window.firstBucket(at)).param("last", window.lastBucket(at))
                .query((rs, i) -> figures.put(rs.getString(1), read(rs, 2, window)))
                .list();
        for (String bot : botIds) {
            figures.putIfAbsent(bot, Figures.empty(window));
        }
        return figures;
    }

    /** One bot's figures for every window, ending at {@code at}. */
    public Map<Window, Figures> allWindows(String tenantId, String botId, Instant at) {
        Map<Window, Figures> all = new java.util.EnumMap<>(Window.class);
        for (Window window : Window.values()) {
            all.put(window, perBot(tenantId, List.of(botId), window, at).get(botId));
        }
        return all;
    }

    /** The tenant's figures over {@code window}, all its bots or those of {@code groupId}. */
    public Figures tenant(String tenantId, @Nullable String groupId, Window window, Instant at) {
        String table = window.hourly() ? "bot_hour" : "bot_minute";
        String bucket = window.hourly() ? "hour" : "minute";
        String groupFilter = groupId == null ? ""
                : " and bot_id in (select bot_id from bot where tenant_id = :tenant and group_id = :group)";
        var spec = jdbc.sql("select " + SUMS + " from " + table + " where tenant_id = :tenant and " + bucket
                        + " between :first and :last" + groupFilter)
                .param("tenant", tenantId).param("first", window.firstBucket(at)).param("last", window.lastBucket(at));
        if (groupId != null) {
            spec = spec.param("group", groupId);
        }
        return spec.query((rs, i) -> read(rs, 1, window)).single();
    }

    /** Reads the thirteen sums starting at column {@code from}. */
    static Figures read(ResultSet rs, int from, Window window) throws SQLException {
        return read(rs, from, window.label(), window.minutes());
    }

    static Figures read(ResultSet rs, int from, String label, int minutes) throws SQLException {
        int c = from;
        return new Figures(label, minutes, rs.getLong(c++), rs.getLong(c++), rs.getLong(c++), rs.getLong(c++),
                rs.getLong(c++), rs.getLong(c++), rs.getLong(c++), rs.getLong(c++), rs.getLong(c++), rs.getLong(c++),
                rs.getLong(c++), rs.getLong(c++), rs.getLong(c));
    }

    /** Per-bucket figures of one bot between two instants, oldest first, for charts. */
    public List<Bucket> series(String tenantId, String botId, boolean hourly, Instant from, Instant to) {
        String table = hourly ? "bot_hour" : "bot_minute";
        String bucket = hourly ? "hour" : "minute";
        long size = hourly ? 3600 : 60;
        return jdbc.sql("select " + bucket + ", " + SUMS + " from " + table
                        + " where tenant_id = :tenant and bot_id = :bot and " + bucket + " between :first and :last"
                        + " group by " + bucket + " order by " + bucket)
                .param("tenant", tenantId).param("bot", botId)
                .param("first", Math.floorDiv(from.getEpochSecond(), size))
                .param("last", Math.floorDiv(to.getEpochSecond(), size))
                .query((rs, i) -> new Bucket(Instant.ofEpochSecond(rs.getLong(1) * size),
                        read(rs, 2, hourly ? "1h" : "1m", hourly ? 60 : 1)))
                .list();
    }

    /** One bucket of a time series. */
    public record Bucket(Instant start, Figures figures) {
    }
}
