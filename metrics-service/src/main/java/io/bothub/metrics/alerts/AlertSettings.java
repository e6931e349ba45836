package io.bothub.metrics.alerts;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.metrics.alerts.*}: the rules every tenant starts with (a tenant overrides them, tenant-wide or per
 * group, through the API), how often bots are evaluated, and alert webhook delivery.
 *
 * <p>Built-in rules, each overridable as {@code bothub.metrics.alerts.rules.<kind>.threshold|min-samples|severity}:
 * <ul>
 * <li>{@code bot-offline}: a bot has been offline for at least {@code threshold} seconds (0), critical;
 * <li>{@code performance-drop}: a live bot's health score is below {@code threshold} (60), warning;
 * <li>{@code error-rate}: the error rate over the health window is above {@code threshold} (0.1) with at least
 *     {@code min-samples} interactions (10), warning;
 * <li>{@code session-overload}: a bot holds at least {@code threshold} (0.9) of its maximum sessions, warning.
 * </ul>
 *
 * @param tick           how often bots with new figures, and bots with open alerts, are evaluated
 * @param rules          overrides of the built-in rules, by kind
 * @param webhookTimeout how long a tenant's endpoint may take to answer
 */
@ConfigurationProperties("bothub.metrics.alerts")
public record AlertSettings(
        @DefaultValue("2s") Duration tick,
        Map<String, Rule> rules,
        @DefaultValue("5s") Duration webhookTimeout) {

    public record Rule(double threshold, int minSamples, String severity) {
    }

    private static final Map<String, Rule> BUILT_IN = Map.of(
            AlertKinds.BOT_OFFLINE, new Rule(0, 0, "critical"),
            AlertKinds.PERFORMANCE_DROP, new Rule(60, 0, "warning"),
            AlertKinds.ERROR_RATE, new Rule(0.1, 10, "warning"),
            AlertKinds.SESSION_OVERLOAD, new Rule(0.9, 0, "warning"));

    public AlertSettings {
        rules = rules == null ? Map.of() : Map.copyOf(rules);
    }

    Rule defaultOf(String kind) {
        Rule rule = rules.get(kind);
        return rule != null ? rule : BUILT_IN.get(kind);
    }
}
