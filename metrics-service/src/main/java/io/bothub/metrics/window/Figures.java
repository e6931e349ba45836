package io.bothub.metrics.window;

import org.jspecify.annotations.Nullable;

/**
 * What a bot (or a set of bots) did over a window: the bucket sums, and the rates derived from them.
 *
 * <p>Definitions: an <em>outcome</em> is a command the bot acknowledged or that failed or expired, or a task it
 * completed or failed; the <em>success rate</em> is successful outcomes over outcomes. An <em>interaction</em> is
 * an outcome or a callback; an <em>error</em> is a failed outcome or a callback reporting an error, and the
 * <em>error rate</em> is errors over interactions. <em>Throughput</em> is interactions per minute of the window.
 * <em>Response time</em> is the time from a command's delivery to the bot's answer, or a callback's reported
 * processing time.
 */
public record Figures(String window, int minutes, long heartbeats, long callbacks, long successes, long failures,
        long errors, long responses, long responseMillisSum, long commandsDone, long commandsFailed, long tasksDone,
        long tasksFailed, long sessionsOpened, long sessionsEnded) {

    public static Figures empty(Window window) {
        return new Figures(window.label(), window.minutes(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public long outcomes() {
        return successes + failures;
    }

    public long interactions() {
        return outcomes() + callbacks;
    }

    /** Null when there was no outcome: no evidence either way. */
    public @Nullable Double successRate() {
        return outcomes() == 0 ? null : (double) successes / outcomes();
    }

    /** Null when there was no interaction. Never above 1 (an error callback is itself an interaction). */
    public @Nullable Double errorRate() {
        long base = Math.max(interactions(), errors);
        return base == 0 ? null : (double) errors / base;
    }

    public @Nullable Double avgResponseMillis() {
        return responses == 0 ? null : (double) responseMillisSum / responses;
    }

    public double throughputPerMinute() {
        return (double) interactions() / minutes;
    }
}
