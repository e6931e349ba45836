package io.bothub.support.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.messaging.*}: topic creation and how failed records are retried before they are dead-lettered.
 *
 * @param createTopics       whether the service declares the topics of {@code Topics.ALL} at start-up (off where
 *                           Strimzi owns the topics)
 * @param replicationFactor  replication of topics the service creates
 * @param retryPartitions    partitions of the retry and dead-letter topics the service creates
 * @param retryDelay         wait before each retry of a failed record
 * @param batchTopics        topics this service reads a poll at a time ({@link EventBatches}): they get no retry
 *                           topics, a failed record of theirs is retried in place and then dead-lettered
 */
@ConfigurationProperties("bothub.messaging")
public record MessagingSettings(
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("3") int retryPartitions,
        @DefaultValue("2s") Duration retryDelay,
        @DefaultValue List<String> batchTopics) {
}
