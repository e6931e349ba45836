package io.bothub.metrics.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.metrics.health.*}: the health score's weights (seed 002: CPU 0.15, memory 0.15, response time
 * 0.25, success rate 0.2, session load 0.15, error rate 0.1), the window it is computed over, and how often
 * snapshots go out on bot.health.
 *
 * @param window            the window the score's response time, success and error rates cover
 * @param significantChange a snapshot goes out early when the score moved at least this much, or the sessions changed
 * @param minInterval       never more often than this per bot
 * @param maxInterval       at least this often per bot while it is live (online or busy)
 * @param tick              how often due bots are looked at
 */
@ConfigurationProperties("bothub.metrics.health")
public record HealthSettings(
        @DefaultValue Weights weights,
        @DefaultValue("5m") String window,
        @DefaultValue("5") double significantChange,
        @DefaultValue("10s") Duration minInterval,
        @DefaultValue("2m") Duration maxInterval,
        @DefaultValue("1s") Duration tick) {

    public record Weights(
            @DefaultValue("0.15") double cpu,
            @DefaultValue("0.15") double memory,
            @DefaultValue("0.25") double responseTime,
            @DefaultValue("0.2") double successRate,
            @DefaultValue("0.15") double sessionLoad,
            @DefaultValue("0.1") double errorRate) {
    }
}
