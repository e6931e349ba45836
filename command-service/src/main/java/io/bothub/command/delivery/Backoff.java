package io.bothub.command.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": after attempt n the wait is half of base·2^(n-1) (capped) plus a random
 * part up to the other half, so retries of many commands spread out instead of arriving together.
 */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempt, Duration base, Duration max) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 30));
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
