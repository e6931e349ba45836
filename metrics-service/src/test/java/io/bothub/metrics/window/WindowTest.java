package io.bothub.metrics.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:03:20Z");
    private static final long MINUTE = AT.getEpochSecond() / 60;

    @Test
    void minuteWindowsCoverTheMinuteOfTheInstantAndThoseBefore() {
        assertThat(Window.ONE_MINUTE.firstBucket(AT)).isEqualTo(MINUTE);
        assertThat(Window.ONE_MINUTE.lastBucket(AT)).isEqualTo(MINUTE);
        assertThat(Window.FIVE_MINUTES.firstBucket(AT)).isEqualTo(MINUTE - 4);
        assertThat(Window.FIFTEEN_MINUTES.firstBucket(AT)).isEqualTo(MINUTE - 14);
        assertThat(Window.ONE_HOUR.firstBucket(AT)).isEqualTo(MINUTE - 59);
        assertThat(Instant.ofEpochSecond(Window.FIVE_MINUTES.firstBucket(AT) * 60)).isEqualTo(Instant.parse("2026-11-30T11:59:00Z"));
    }

    @Test
    void theDayWindowCountsInHours() {
        long hour = AT.getEpochSecond() / 3600;
        assertThat(Window.ONE_DAY.hourly()).isTrue();
        assertThat(Window.ONE_DAY.lastBucket(AT)).isEqualTo(hour);
        assertThat(Window.ONE_DAY.firstBucket(AT)).isEqualTo(hour - 23);
        assertThat(Window.ONE_DAY.minutes()).isEqualTo(1440);
    }

    @Test
    void ratesAreDerivedFromTheSums() {
        Figures f = new Figures("5m", 5, 3, 2, 6, 2, 3, 4, 1000, 0, 0, 0, 0, 0, 0);
        assertThat(f.successRate()).isEqualTo(0.75);
        assertThat(f.errorRate()).isEqualTo(0.3);
        assertThat(f.avgResponseMillis()).isEqualTo(250.0);
        assertThat(f.throughputPerMinute()).isEqualTo(2.0);
        assertThat(Figures.empty(Window.ONE_HOUR).successRate()).isNull();
        assertThat(Figures.empty(Window.ONE_HOUR).errorRate()).isNull();
    }
}
