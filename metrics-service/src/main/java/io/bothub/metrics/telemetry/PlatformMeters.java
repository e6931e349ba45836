package io.bothub.metrics.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.bothub.metrics.ingest.BatchIngested;

/**
 * The platform's business metrics, counted from the events metrics-service applies (each once, after its batch
 * committed), so they describe the whole fleet whichever service produced the event. Tags are low-cardinality
 * (statuses, kinds); per-bot and per-tenant figures belong to the metrics API, not to Prometheus.
 *
 * <pre>
 * bothub_heartbeats_total{status}           heartbeats by reported status
 * bothub_commands_total{status}             command state changes (sent, acknowledged, failed, expired, ...)
 * bothub_tasks_total{status}                task state changes
 * bothub_sessions_total{event}              session assignments, transfers, closes
 * bothub_callbacks_total{type}              bots' callbacks by type
 * bothub_bot_status_changes_total{status}   bots' status changes by new status
 * bothub_skill_ratings_total{stars}         skill ratings
 * bothub_alerts_total{kind,severity,state}  alerts raised and resolved
 * bothub_health_reports_total               snapshots published on bot.health
 * bothub_metrics_ingested_events_total      events applied to the buckets
 * bothub_fleet_bots{status}                 bots known, by status (refreshed every 15 s)
 * </pre>
 */
@Component
public class PlatformMeters {

    private static final Map<String, String[]> NAMES = Map.of(
            "heartbeats", new String[] {"bothub.heartbeats", "status"},
            "commands", new String[] {"bothub.commands", "status"},
            "tasks", new String[] {"bothub.tasks", "status"},
            "sessions", new String[] {"bothub.sessions", "event"},
            "callbacks", new String[] {"bothub.callbacks", "type"},
            "status", new String[] {"bothub.bot.status.changes", "status"},
            "ratings", new String[] {"bothub.skill.ratings", "stars"});
    private static final String[] STATUSES = {"registered", "online", "busy", "offline", "error", "disabled"};

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Counter ingested;
    private final Counter healthReports;
    private final Map<String, AtomicLong> fleet = new ConcurrentHashMap<>();

    PlatformMeters(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.ingested = Counter.builder("bothub.metrics.ingested.events")
                .description("events applied to the per-minute buckets").register(registry);
        this.healthReports = Counter.builder("bothub.health.reports")
                .description("load-and-health snapshots published on bot.health").register(registry);
        for (String status : STATUSES) {
            AtomicLong value = new AtomicLong();
            fleet.put(status, value);
            Gauge.builder("bothub.fleet.bots", value, AtomicLong::get).tag("status", status)
                    .description("bots known to metrics-service, by status").register(registry);
        }
    }

    @EventListener
    void on(BatchIngested batch) {
        ingested.increment(batch.events());
        batch.counts().forEach((kind, byTag) -> {
            String[] name = NAMES.get(kind);
            if (name != null) {
                byTag.forEach((tag, amount) -> registry.counter(name[0], name[1], tag).increment(amount));
            }
        });
    }

    public void healthReported() {
        healthReports.increment();
    }

    public void alert(String kind, String severity, String state) {
        registry.counter("bothub.alerts", "kind", kind, "severity", severity, "state", state).increment();
    }

    @Scheduled(fixedDelayString = "${bothub.metrics.fleet-gauge-interval:15s}", initialDelayString = "5s")
    void refreshFleet() {
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select status, count(*) from bot group by status")
                .query((rs, i) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        fleet.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
    }
}
