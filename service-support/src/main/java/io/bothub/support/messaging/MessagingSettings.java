package io.bothub.support.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.messaging.*}: topic creation and how failed records are retried before they are dead-lettered.
 *
 * @param createTopics       whether the service declares the topics of {@code Topics.ALL} at start-up (off where
 *                           Strimzi owns the topics)
 * @param replicationFactor  replication of topics the service creates
 * @param retryPartitions    partitions of the retry and dead-letter topics the service creates
 * @param firstRetryDelay    wait before the first retry; each later retry waits {@code retryMultiplier} times more
 * @param retryMultiplier    growth of the wait between retries
 * @param maxRetryDelay      the longest wait between retries
 */
@ConfigurationProperties("bothub.messaging")
public record MessagingSettings(
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("3") int retryPartitions,
        @DefaultValue("1s") Duration firstRetryDelay,
        @DefaultValue("2.0") double retryMultiplier,
        @DefaultValue("10s") Duration maxRetryDelay) {
}
