package io.bothub.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids for rows written at high rates (commands, sessions, tasks, events and the consumers' records of them): UUIDs
 * of version 7 (RFC 9562), whose first 48 bits are the time in milliseconds and the rest random. A B-tree on such
 * ids grows at its right edge: each insert lands on a page just written, where a random UUID lands on any page of
 * an index that soon outgrows memory, so that every insert reads a page and, after a checkpoint, logs all of it.
 * Ids made in the same millisecond still sort in the order they were made.
 */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }

    /**
     * The lowest id of version 7 made at {@code instant}: every id made before it sorts below it, every id made at or
     * after it above, in PostgreSQL's (byte-wise) order. Lets a query find rows older than a time on the primary key.
     */
    public static UUID firstAt(Instant instant) {
        // 48 bits of milliseconds, version 7, then the variant (binary 10) and nothing else set.
        return new UUID((instant.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L);
    }
}
