package io.bothub.metrics.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

import org.jspecify.annotations.Nullable;

/**
 * Reads the one timestamp shape BotHub writes, {@link Instant#toString()}'s {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}
 * (1 to 9 fraction digits, a four-digit year, UTC), without a {@code DateTimeFormatter}: parsing every event's time
 * that way was the largest share of ingest CPU. Anything else, valid RFC 3339 or not, answers null, and the caller
 * falls back to {@code java.time}, which accepts or refuses it as before. So this only ever agrees with
 * {@code OffsetDateTime.parse(s).toInstant()} and {@code Instant.parse(s)}, and is never stricter or more lenient.
 */
final class CanonicalTimestamps {

    private static final int SHORTEST = "2026-01-01T00:00:00Z".length();
    private static final int LONGEST = "2026-01-01T00:00:00.123456789Z".length();

    private CanonicalTimestamps() {
    }

    /** The instant, or null when {@code text[from, from + length)} is not in the canonical shape. */
    static @Nullable Instant parse(byte @Nullable [] text, int from, int length) {
        if (text == null || length < SHORTEST || length > LONGEST || from < 0 || from + length > text.length) {
            return null;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        int hour = digits(text, from + 11, 2);
        int minute = digits(text, from + 14, 2);
        int second = digits(text, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || text[from + 4] != '-' || text[from + 7] != '-' || text[from + 10] != 'T'
                || text[from + 13] != ':' || text[from + 16] != ':' || text[from + length - 1] != 'Z'
                || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int fractionDigits = length - SHORTEST - 1;
            if (text[from + 19] != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, from + 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The instant, or null, from text Jackson holds as characters. */
    static @Nullable Instant parse(char[] text, int from, int length) {
        if (length < SHORTEST || length > LONGEST || from < 0 || from + length > text.length) {
            return null;
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text[from + i];
            if (c > 127) {
                return null;
            }
            ascii[i] = (byte) c;
        }
        return parse(ascii, 0, length);
    }

    /** The decimal value of {@code count} ASCII digits, or -1 if any is not a digit. */
    private static int digits(byte[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
