package io.bothub.metrics.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.bothub.events.metrics.BotHealthReported;
import io.bothub.metrics.ingest.BatchIngested;
import io.bothub.metrics.ingest.BotRef;
import io.bothub.metrics.telemetry.PlatformMeters;
import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.support.messaging.TelemetryPublisher;

/**
 * Publishes each bot's load and health on bot.health for routing-service: when the score moved by at least
 * {@code significantChange}, the sessions or the status changed, but never more often than {@code minInterval} per
 * bot; and at least every {@code maxInterval} while the bot is live, so routing's view never goes stale. A
 * snapshot is telemetry (the next one supersedes it), so it goes straight to Kafka, not through the outbox.
 *
 * <p>What was last reported is held in memory: after a restart every bot is reported again at its next event,
 * which is harmless. With several replicas a bot whose events land on two of them may be reported by both.
 */
@Component
class HealthReporter {

    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);

    private record Reported(int score, int sessions, String status, Instant at) {
    }

    private final BotHealth health;
    private final TelemetryPublisher publisher;
    private final HealthSettings settings;
    private final PlatformMeters meters;
    private final Clock clock;
    private final Set<BotRef> dirty = ConcurrentHashMap.newKeySet();
    private final Map<BotRef, Reported> reported = new ConcurrentHashMap<>();

    HealthReporter(BotHealth health, TelemetryPublisher publisher, HealthSettings settings, PlatformMeters meters,
            Clock clock) {
        this.health = health;
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    @EventListener
    void on(BatchIngested batch) {
        dirty.addAll(batch.bots());
    }

    /** A deleted tenant's bots are forgotten. */
    @EventListener
    void on(TenantDataDeletion.TenantErased erased) {
        reported.keySet().removeIf(bot -> bot.tenantId().equals(erased.tenantId()));
        dirty.removeIf(bot -> bot.tenantId().equals(erased.tenantId()));
    }

    @Scheduled(fixedDelayString = "${bothub.metrics.health.tick:1s}")
    void report() {
        try {
            reportDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("health reporting failed; trying again next tick", e);
        }
    }

    void reportDue(Instant now) {
        Set<BotRef> candidates = new HashSet<>(dirty);
        dirty.removeAll(candidates);
        reported.forEach((bot, last) -> {
            if (!Duration.between(last.at(), now).minus(settings.maxInterval()).isNegative()) {
                candidates.add(bot);
            }
        });
        Map<String, List<String>> byTenant = new HashMap<>();
        for (BotRef bot : candidates) {
            Reported last = reported.get(bot);
            if (last != null && Duration.between(last.at(), now).compareTo(settings.minInterval()) < 0) {
                dirty.add(bot); // not yet: looked at again once the minimum interval has passed
                continue;
            }
            byTenant.computeIfAbsent(bot.tenantId(), t -> new ArrayList<>()).add(bot.botId());
        }
        byTenant.forEach((tenant, bots) -> {
            List<BotHealth.Snapshot> snapshots = health.of(tenant, bots, now);
            Set<String> known = new HashSet<>();
            snapshots.forEach(s -> known.add(s.bot().botId()));
            bots.stream().filter(b -> !known.contains(b)).forEach(b -> reported.remove(new BotRef(tenant, b)));
            for (BotHealth.Snapshot snapshot : snapshots) {
                BotRef bot = new BotRef(tenant, snapshot.bot().botId());
                Reported last = reported.get(bot);
                if (shouldPublish(last, snapshot, now)) {
                    publish(tenant, snapshot, now);
                    reported.put(bot, new Reported(snapshot.score(), snapshot.bot().activeSessions(),
                            snapshot.bot().status(), now));
                } else if (last != null && !snapshot.bot().live()) {
                    reported.remove(bot); // an offline bot needs no keep-alive; its next event brings it back
                }
            }
        });
    }

    private boolean shouldPublish(@Nullable Reported last, BotHealth.Snapshot snapshot, Instant now) {
        if (last == null) {
            return true;
        }
        boolean moved = Math.abs(snapshot.score() - last.score()) >= settings.significantChange()
                || snapshot.bot().activeSessions() != last.sessions()
                || !snapshot.bot().status().equals(last.status());
        boolean stale = snapshot.bot().live()
                && !Duration.between(last.at(), now).minus(settings.maxInterval()).isNegative();
        return moved || stale;
    }

    private void publish(String tenant, BotHealth.Snapshot snapshot, Instant now) {
        var f = snapshot.figures();
        Double errorRate = f.errorRate();
        publisher.publish(tenant, null, new BotHealthReported(snapshot.bot().botId(), snapshot.score(),
                f.avgResponseMillis(), f.successRate(), errorRate == null ? 0.0 : errorRate,
                snapshot.bot().activeSessions(), health.window().label(), now))
                .whenComplete((result, e) -> {
                    if (e != null) {
                        log.warn("health of {} not published: {}", snapshot.bot().botId(), e.toString());
                    }
                });
        meters.healthReported();
    }
}
