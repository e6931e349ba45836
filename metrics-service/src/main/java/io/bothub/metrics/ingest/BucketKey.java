package io.bothub.metrics.ingest;

import java.util.Comparator;

/** A bot's bucket: an epoch minute or an epoch hour. Ordered so that every batch locks rows in the same order. */
record BucketKey(String tenantId, String botId, long bucket) implements Comparable<BucketKey> {

    private static final Comparator<BucketKey> ORDER = Comparator.comparing(BucketKey::tenantId)
            .thenComparing(BucketKey::botId).thenComparingLong(BucketKey::bucket);

    @Override
    public int compareTo(BucketKey other) {
        return ORDER.compare(this, other);
    }
}
