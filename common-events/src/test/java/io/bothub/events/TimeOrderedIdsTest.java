package io.bothub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7AndSortInTheOrderTheyWereMadeAsPostgreSqlComparesThem() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next());
            if (i % 2_500 == 0) {
                Thread.sleep(2);
            }
        }
        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // PostgreSQL orders uuids by their bytes, unsigned; so do the strings of their hex digits.
        List<String> asMade = ids.stream().map(UUID::toString).toList();
        assertThat(asMade).isSorted();
    }

    @Test
    void theFirst48BitsAreTheTimeInMilliseconds() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void theFirstIdAtAnInstantSortsAfterEveryIdMadeBeforeItAndBeforeEveryIdMadeFromIt() throws Exception {
        UUID before = TimeOrderedIds.next();
        Thread.sleep(2);
        Instant boundary = Instant.now();
        Thread.sleep(2);
        UUID after = TimeOrderedIds.next();

        String first = TimeOrderedIds.firstAt(boundary).toString();

        assertThat(TimeOrderedIds.firstAt(boundary).version()).isEqualTo(7);
        assertThat(before.toString()).isLessThan(first);
        assertThat(after.toString()).isGreaterThan(first);
    }
}
