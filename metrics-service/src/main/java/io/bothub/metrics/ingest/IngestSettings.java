package io.bothub.metrics.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.metrics.ingest.*}.
 *
 * @param groupId        the Kafka consumer group; offsets that count are those stored with the buckets
 * @param concurrency    consumers in this replica
 * @param maxPollRecords the largest batch; bigger batches mean fewer transactions
 */
@ConfigurationProperties("bothub.metrics.ingest")
public record IngestSettings(
        @DefaultValue("metrics-service-ingest") String groupId,
        @DefaultValue("2") int concurrency,
        @DefaultValue("20000") int maxPollRecords) {
}
