package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1Z", "2026-11-22T10:15:30.12Z",
            "2026-11-22T10:15:30.123Z", "2026-11-22T10:15:30.123456Z", "2026-11-22T10:15:30.123456789Z",
            "2026-11-22T10:15:30.000000001Z", "2026-11-22T10:15:30.000Z", "2024-02-29T23:59:59.999Z",
            "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "2026-12-31T23:59:59Z", "2026-01-01T00:00:00Z"})
    void readsTheCanonicalShapeAsJavaTimeDoes(String text) {
        Instant expected = Instant.parse(text);

        assertThat(parse(text)).isEqualTo(expected);
        assertThat(CanonicalTimestamps.parse(ascii(text), 0, text.length())).isEqualTo(expected);
        assertThat(OffsetDateTime.parse(text).toInstant()).isEqualTo(expected);
    }

    @Test
    void readsWhatInstantToStringWritesAcrossTheYears() {
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos);

            assertThat(parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    /** Valid RFC 3339 or not: none of these is the canonical shape, so java.time decides, as before. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:15:30+00:00", "2026-11-22T10:15:30+01:00", "2026-11-22T10:15:30-05:30",
            "2026-11-22t10:15:30Z", "2026-11-22T10:15:30z", "2026-11-22 10:15:30Z", "2026-11-22T10:15Z",
            "2026-11-22T10:15:30.Z", "2026-11-22T10:15:30.1234567890Z", "2026-11-22T10:15:30,123Z",
            "2026-11-22T10:15:30", "2026-11-22T10:15:30.123", "+12026-11-22T10:15:30Z", "-0001-11-22T10:15:30Z",
            "2026-11-22T23:59:60Z", "2026-11-22T24:00:00Z", "2026-11-22T10:60:30Z", "2026-13-01T10:15:30Z",
            "2026-00-01T10:15:30Z", "2026-11-00T10:15:30Z", "2026-11-31T10:15:30Z", "2026-02-29T10:15:30Z",
            "2026-02-30T10:15:30Z", "1900-02-29T10:15:30Z", " 2026-11-22T10:15:30Z", "2026-11-22T10:15:30Z ",
            "2026-1-22T10:15:30Z", "2026-11-22T1:15:30Z", "2026/11/22T10:15:30Z", "2026-11-22T10-15-30Z",
            "2026-11-22T10:15:3aZ", "2026-11-22T10:15:30.12a4Z", "２０２６-11-22T10:15:30Z", "2026-11-22T10:15:30.１Z",
            "yesterday", "", "Z", "1763806530", "2026-11-22T10:15:30ZZ", "2026-11-22T10:15:30.123ZZ"})
    void leavesEverythingElseToJavaTime(String text) {
        assertThat(parse(text)).isNull();
        assertThat(CanonicalTimestamps.parse(text.getBytes(StandardCharsets.UTF_8), 0,
                text.getBytes(StandardCharsets.UTF_8).length)).isNull();
    }

    @Test
    void readsOnlyTheGivenSliceAndNothingOutsideTheArray() {
        byte[] padded = ascii("xx2026-11-22T10:15:30.5Zyy");

        assertThat(CanonicalTimestamps.parse(padded, 2, 22)).isEqualTo(Instant.parse("2026-11-22T10:15:30.5Z"));
        assertThat(CanonicalTimestamps.parse(padded, 2, 30)).isNull();
        assertThat(CanonicalTimestamps.parse(padded, -1, 22)).isNull();
        assertThat(CanonicalTimestamps.parse((byte[]) null, 0, 20)).isNull();
    }

    /** As Jackson hands a string token over: characters. */
    private static @Nullable Instant parse(String text) {
        return CanonicalTimestamps.parse(text.toCharArray(), 0, text.length());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
