package io.bothub.metrics.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.metrics.health.BotHealth;
import io.bothub.metrics.health.BotState;
import io.bothub.metrics.window.Figures;
import io.bothub.metrics.window.Window;
import io.bothub.metrics.window.WindowQueries;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/**
 * The monitoring screen's data (seed 002, section 4.4): the fleet overview, KPIs, each bot's figures over every
 * window with its health score, and per-bot time series for charts. Everything needs {@code config_read} and is
 * the caller's tenant's only; an unknown bot is 404. {@code at} (ISO-8601) asks for windows ending at another
 * instant than now.
 */
@RestController
class MetricsController {

    private static final Duration MAX_SERIES = Duration.ofDays(90);

    private final JdbcClient jdbc;
    private final WindowQueries windows;
    private final BotHealth health;
    private final Clock clock;

    MetricsController(JdbcClient jdbc, WindowQueries windows, BotHealth health, Clock clock) {
        this.jdbc = jdbc;
        this.windows = windows;
        this.health = health;
        this.clock = clock;
    }

    record Group(@Nullable String id, long total, long online, long activeSessions, long sessionCapacity) {
    }

    record Overview(Instant at, long totalBots, long onlineBots, Map<String, Long> byStatus, List<Group> byGroup,
            List<Group> byRole, long activeSessions, long sessionCapacity, long openAlerts, FigureView performance) {
    }

    @GetMapping("/api/v1/overview")
    Overview overview(Caller caller, @RequestParam(defaultValue = "1h") String window,
            @RequestParam(required = false) @Nullable String at) {
        caller.require(Scopes.CONFIG_READ);
        Window w = window(window);
        Instant when = at(at);
        String tenant = caller.tenantId();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) from bot where tenant_id = :tenant group by status order by status")
                .param("tenant", tenant).query((rs, i) -> byStatus.put(rs.getString(1), rs.getLong(2))).list();
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long online = byStatus.getOrDefault("online", 0L) + byStatus.getOrDefault("busy", 0L);
        long[] sessions = jdbc.sql("select coalesce(sum(active_sessions), 0), coalesce(sum(max_sessions), 0) "
                        + "from bot where tenant_id = :tenant")
                .param("tenant", tenant).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long openAlerts = jdbc.sql("select count(*) from alert where tenant_id = :tenant and resolved_at is null")
                .param("tenant", tenant).query(Long.class).single();
        return new Overview(when, total, online, byStatus, groups(tenant, "group_id"), groups(tenant, "role_id"),
                sessions[0], sessions[1], openAlerts, FigureView.of(windows.tenant(tenant, null, w, when)));
    }

    private List<Group> groups(String tenant, String column) {
        return jdbc.sql("select " + column + ", count(*), count(*) filter (where status in ('online', 'busy')), "
                        + "coalesce(sum(active_sessions), 0), coalesce(sum(max_sessions), 0) from bot "
                        + "where tenant_id = :tenant group by " + column + " order by " + column + " nulls last")
                .param("tenant", tenant)
                .query((rs, i) -> new Group(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    record Kpis(String window, Instant at, long tasksCompleted, long tasksFailed, long commandsAcknowledged,
            long commandsFailed, long sessionsOpened, long ratings, @Nullable Double averageRating) {
    }

    /** Ratings are kept per hour: over a window of minutes they count from the start of its first hour. */
    @GetMapping("/api/v1/overview/kpis")
    Kpis kpis(Caller caller, @RequestParam(defaultValue = "1d") String window,
            @RequestParam(required = false) @Nullable String at) {
        caller.require(Scopes.CONFIG_READ);
        Window w = window(window);
        Instant when = at(at);
        Figures f = windows.tenant(caller.tenantId(), null, w, when);
        long firstHour = w.hourly() ? w.firstBucket(when) : Math.floorDiv(w.firstBucket(when), 60);
        long lastHour = w.hourly() ? w.lastBucket(when) : Math.floorDiv(w.lastBucket(when), 60);
        long[] ratings = jdbc.sql("select coalesce(sum(ratings), 0), coalesce(sum(stars_sum), 0) from rating_hour "
                        + "where tenant_id = :tenant and hour between :first and :last")
                .param("tenant", caller.tenantId()).param("first", firstHour).param("last", lastHour)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        return new Kpis(w.label(), when, f.tasksDone(), f.tasksFailed(), f.commandsDone(), f.commandsFailed(),
                f.sessionsOpened(), ratings[0], ratings[0] == 0 ? null : (double) ratings[1] / ratings[0]);
    }

    record BotSummary(BotState bot, int healthScore, FigureView health) {
    }

    /** Every bot of the tenant (or of a group) with its health score, for the fleet's cards. */
    @GetMapping("/api/v1/metrics/bots")
    List<BotSummary> bots(Caller caller, @RequestParam(required = false) @Nullable String groupId) {
        caller.require(Scopes.CONFIG_READ);
        List<String> ids = jdbc.sql("select bot_id from bot where tenant_id = :tenant"
                        + (groupId == null ? "" : " and group_id = :group") + " order by bot_id limit 5000")
                .param("tenant", caller.tenantId()).params(groupId == null ? Map.of() : Map.of("group", groupId))
                .query(String.class).list();
        List<BotSummary> summaries = new ArrayList<>();
        for (BotHealth.Snapshot s : health.of(caller.tenantId(), ids, clock.instant())) {
            summaries.add(new BotSummary(s.bot(), s.score(), FigureView.of(s.figures())));
        }
        return summaries;
    }

    record BotMetrics(BotState bot, Instant at, int healthScore, String healthWindow, Map<String, FigureView> windows) {
    }

    @GetMapping("/api/v1/metrics/bots/{botId}")
    BotMetrics bot(Caller caller, @PathVariable String botId, @RequestParam(required = false) @Nullable String at) {
        caller.require(Scopes.CONFIG_READ);
        Instant when = at(at);
        BotState state = health.state(caller.tenantId(), botId).orElseThrow(() -> ProblemException.notFound("bot", botId));
        Map<String, FigureView> all = new LinkedHashMap<>();
        Figures healthFigures = null;
        for (var entry : windows.allWindows(caller.tenantId(), botId, when).entrySet()) {
            all.put(entry.getKey().label(), FigureView.of(entry.getValue()));
            if (entry.getKey() == health.window()) {
                healthFigures = entry.getValue();
            }
        }
        return new BotMetrics(state, when, health.score(state, healthFigures), health.window().label(), all);
    }

    record Point(Instant start, FigureView figures) {
    }

    /** A bot's figures per minute ({@code resolution=1m}, up to a day) or per hour ({@code 1h}, up to 90 days). */
    @GetMapping("/api/v1/metrics/bots/{botId}/series")
    List<Point> series(Caller caller, @PathVariable String botId, @RequestParam(defaultValue = "1m") String resolution,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to) {
        caller.require(Scopes.CONFIG_READ);
        if (!resolution.equals("1m") && !resolution.equals("1h")) {
            throw ProblemException.invalid(List.of(new FieldProblem("resolution", "must be 1m or 1h")));
        }
        boolean hourly = resolution.equals("1h");
        Instant end = at(to);
        Instant start = from == null ? end.minus(hourly ? Duration.ofDays(1) : Duration.ofHours(1)) : instant("from", from);
        Duration span = Duration.between(start, end);
        if (span.isNegative() || span.compareTo(hourly ? MAX_SERIES : Duration.ofDays(1)) > 0) {
            throw ProblemException.invalid(List.of(new FieldProblem("from",
                    "must be before 'to' and at most " + (hourly ? "90 days" : "1 day") + " earlier")));
        }
        health.state(caller.tenantId(), botId).orElseThrow(() -> ProblemException.notFound("bot", botId));
        return windows.series(caller.tenantId(), botId, hourly, start, end).stream()
                .map(b -> new Point(b.start(), FigureView.of(b.figures()))).toList();
    }

    private Instant at(@Nullable String at) {
        return at == null ? clock.instant() : instant("at", at);
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new FieldProblem(field, "must be an ISO-8601 instant")));
        }
    }

    private static Window window(String label) {
        return Window.of(label).orElseThrow(() -> ProblemException.invalid(
                List.of(new FieldProblem("window", "must be one of 1m, 5m, 15m, 1h, 1d"))));
    }
}
