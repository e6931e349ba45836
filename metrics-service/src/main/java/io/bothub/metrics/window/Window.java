package io.bothub.metrics.window;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The windows figures are given over (seed 002's time_window). A window ending at an instant covers whole buckets:
 * the minute holding the instant and the minutes before it, so "5m" at 12:03:20 is 11:59:00 to 12:03:59.999; "1d"
 * counts in hours (the hour holding the instant and the 23 before it), which keeps it exact without summing 1,440
 * rows per bot.
 */
public enum Window {
    ONE_MINUTE("1m", 1, false),
    FIVE_MINUTES("5m", 5, false),
    FIFTEEN_MINUTES("15m", 15, false),
    ONE_HOUR("1h", 60, false),
    ONE_DAY("1d", 24, true);

    private final String label;
    private final int buckets;
    private final boolean hourly;

    Window(String label, int buckets, boolean hourly) {
        this.label = label;
        this.buckets = buckets;
        this.hourly = hourly;
    }

    public String label() {
        return label;
    }

    /** Whether the window sums hour buckets (else minute buckets). */
    public boolean hourly() {
        return hourly;
    }

    /** The window's length in minutes, for per-minute rates. */
    public int minutes() {
        return hourly ? buckets * 60 : buckets;
    }

    /** The last bucket (epoch minute or epoch hour) the window covers when it ends at {@code at}. */
    public long lastBucket(Instant at) {
        long minute = Math.floorDiv(at.getEpochSecond(), 60);
        return hourly ? Math.floorDiv(minute, 60) : minute;
    }

    /** The first bucket the window covers when it ends at {@code at}. */
    public long firstBucket(Instant at) {
        return lastBucket(at) - buckets + 1;
    }

    public static Optional<Window> of(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }
}
