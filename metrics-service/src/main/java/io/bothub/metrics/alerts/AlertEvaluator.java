package io.bothub.metrics.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.bothub.metrics.health.BotHealth;
import io.bothub.metrics.health.BotState;
import io.bothub.metrics.ingest.BatchIngested;
import io.bothub.metrics.ingest.BotRef;
import io.bothub.metrics.window.Figures;

/**
 * Evaluates the alert rules for the bots whose figures or state changed since the last pass, and for every bot
 * with an open incident (a window slides even when nothing happens, so a condition can clear without an event).
 * A condition that starts to hold raises an incident; one that stops resolves it ({@code cleared}).
 */
@Component
class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    /** Whether a rule's condition holds, the figure measured, and the sentence a person reads. */
    record Verdict(boolean firing, double value, String message) {
    }

    private final BotHealth health;
    private final AlertRules rules;
    private final Alerts alerts;
    private final Clock clock;
    private final Set<BotRef> dirty = ConcurrentHashMap.newKeySet();

    AlertEvaluator(BotHealth health, AlertRules rules, Alerts alerts, Clock clock) {
        this.health = health;
        this.rules = rules;
        this.alerts = alerts;
        this.clock = clock;
    }

    @EventListener
    void on(BatchIngested batch) {
        dirty.addAll(batch.bots());
    }

    /** Marks a tenant's bots for evaluation (after its rules changed). */
    void reconsider(BotRef bot) {
        dirty.add(bot);
    }

    @Scheduled(fixedDelayString = "${bothub.metrics.alerts.tick:2s}")
    void tick() {
        try {
            evaluate(clock.instant());
        } catch (RuntimeException e) {
            log.warn("alert evaluation failed; trying again next tick", e);
        }
    }

    void evaluate(Instant now) {
        Set<BotRef> bots = new HashSet<>(dirty);
        dirty.removeAll(bots);
        Set<String> open = new HashSet<>();
        for (String[] key : alerts.openKeys()) {
            bots.add(new BotRef(key[0], key[2]));
            open.add(key[0] + "\u0000" + key[1] + "\u0000" + key[2]);
        }
        Map<String, List<String>> byTenant = new HashMap<>();
        bots.forEach(bot -> byTenant.computeIfAbsent(bot.tenantId(), t -> new ArrayList<>()).add(bot.botId()));
        byTenant.forEach((tenant, ids) -> {
            List<AlertRules.Rule> own = rules.ofTenant(tenant);
            for (BotHealth.Snapshot snapshot : health.of(tenant, ids, now)) {
                for (String kind : AlertKinds.ALL) {
                    AlertRules.Rule rule = rules.effective(own, kind, snapshot.bot().groupId());
                    Verdict verdict = rule.enabled() ? judge(kind, rule, snapshot, now)
                            : new Verdict(false, 0, "rule disabled");
                    BotState bot = snapshot.bot();
                    boolean isOpen = open.contains(tenant + "\u0000" + kind + "\u0000" + bot.botId());
                    if (verdict.firing() && !isOpen) {
                        if (alerts.raise(tenant, rule, bot.botId(), bot.groupId(), verdict.message(), verdict.value(), now)) {
                            log.info("alert {} raised for {}/{}: {}", kind, tenant, bot.botId(), verdict.message());
                        }
                    } else if (!verdict.firing() && isOpen) {
                        alerts.resolveOpen(tenant, kind, bot.botId(), "cleared", now);
                    }
                }
            }
        });
    }

    static Verdict judge(String kind, AlertRules.Rule rule, BotHealth.Snapshot snapshot, Instant now) {
        BotState bot = snapshot.bot();
        Figures f = snapshot.figures();
        String name = "bot '" + bot.name() + "'";
        return switch (kind) {
            case AlertKinds.BOT_OFFLINE -> {
                boolean offline = bot.enabled() && bot.status().equals("offline");
                Instant since = bot.lastHeartbeatAt();
                double seconds = since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
                yield new Verdict(offline && seconds >= rule.threshold(), seconds,
                        name + " is offline" + (since == null ? "" : " (last heartbeat " + (long) seconds + " s ago)"));
            }
            case AlertKinds.PERFORMANCE_DROP -> new Verdict(bot.live() && snapshot.score() < rule.threshold(),
                    snapshot.score(), name + "'s health score is " + snapshot.score() + ", below " + fmt(rule.threshold()));
            case AlertKinds.ERROR_RATE -> {
                Double rate = f.errorRate();
                boolean firing = rate != null && f.interactions() >= rule.minSamples() && rate > rule.threshold();
                double value = rate == null ? 0 : rate;
                yield new Verdict(firing, value, name + "'s error rate over " + f.window() + " is "
                        + pct(value) + " (" + f.errors() + " of " + f.interactions() + "), above " + pct(rule.threshold()));
            }
            case AlertKinds.SESSION_OVERLOAD -> {
                double ratio = bot.maxSessions() <= 0 ? 0 : (double) bot.activeSessions() / bot.maxSessions();
                yield new Verdict(bot.maxSessions() > 0 && ratio >= rule.threshold(), ratio, name + " holds "
                        + bot.activeSessions() + " of " + bot.maxSessions() + " sessions (" + pct(ratio) + ")");
            }
            default -> new Verdict(false, 0, "unknown kind");
        };
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
