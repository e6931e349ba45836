package io.bothub.metrics.health;

import org.jspecify.annotations.Nullable;

/**
 * Seed 002's health score (section 3.5): six factors each scored 100, 70, 40 or 10 by its bands, averaged with
 * the configured weights and rounded. Where a factor has no data (a bot that reports no CPU figure, answered
 * nothing in the window, or has no session limit), it is left out and the other weights carry the score, rather
 * than guessing a value for it. The seed scores errors as error_count / 1000; here the error rate itself is
 * banded at the same 1 %, 5 % and 10 %.
 */
public final class HealthScore {

    private HealthScore() {
    }

    /** The inputs; null means "not known". */
    public record Inputs(@Nullable Double cpuPercent, @Nullable Double memoryPercent,
            @Nullable Double avgResponseMillis, @Nullable Double successRate, int activeSessions, int maxSessions,
            @Nullable Double errorRate) {
    }

    public static int of(Inputs in, HealthSettings.Weights w) {
        double weighted = 0;
        double weights = 0;
        if (in.cpuPercent() != null) {
            weighted += w.cpu() * cpu(in.cpuPercent());
            weights += w.cpu();
        }
        if (in.memoryPercent() != null) {
            weighted += w.memory() * memory(in.memoryPercent());
            weights += w.memory();
        }
        if (in.avgResponseMillis() != null) {
            weighted += w.responseTime() * response(in.avgResponseMillis());
            weights += w.responseTime();
        }
        if (in.successRate() != null) {
            weighted += w.successRate() * success(in.successRate());
            weights += w.successRate();
        }
        if (in.maxSessions() > 0) {
            weighted += w.sessionLoad() * load((double) in.activeSessions() / in.maxSessions());
            weights += w.sessionLoad();
        }
        if (in.errorRate() != null) {
            weighted += w.errorRate() * errors(in.errorRate());
            weights += w.errorRate();
        }
        return weights == 0 ? 100 : (int) Math.round(weighted / weights);
    }

    static int cpu(double percent) {
        return percent <= 30 ? 100 : percent <= 60 ? 70 : percent <= 90 ? 40 : 10;
    }

    static int memory(double percent) {
        return percent <= 70 ? 100 : percent <= 85 ? 70 : percent <= 95 ? 40 : 10;
    }

    static int response(double millis) {
        return millis <= 500 ? 100 : millis <= 1000 ? 70 : millis <= 2000 ? 40 : 10;
    }

    static int success(double rate) {
        return rate >= 0.95 ? 100 : rate >= 0.90 ? 70 : rate >= 0.80 ? 40 : 10;
    }

    static int load(double ratio) {
        return ratio <= 0.8 ? 100 : ratio <= 0.9 ? 70 : ratio <= 1.0 ? 40 : 10;
    }

    static int errors(double rate) {
        return rate <= 0.01 ? 100 : rate <= 0.05 ? 70 : rate <= 0.1 ? 40 : 10;
    }
}
