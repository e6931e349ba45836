package io.bothub.events;

import java.time.Duration;

/**
 * How a topic is laid out. The partition count bounds how many consumers of one group can share the topic, so it
 * is the ceiling on a consuming service's horizontal scale.
 *
 * @param name       the topic name
 * @param partitions partition count
 * @param retention  how long records are kept
 * @param keyedBy    what the record key is, so the order it preserves is explicit
 */
public record TopicSpec(String name, int partitions, Duration retention, String keyedBy) {

    /**
     * Where the consuming service {@code consumer} parks a record it could not process after its bounded retries.
     * Each consuming service has its own, so one service's failures never reach another's consumers.
     */
    public String deadLetterTopic(String consumer) {
        return name + "." + consumer + Topics.DEAD_LETTER_SUFFIX;
    }

    /**
     * Where a record that {@code consumer} failed to process waits for its next attempt, so the partition it came
     * from keeps flowing meanwhile.
     */
    public String retryTopic(String consumer) {
        return name + "." + consumer + Topics.RETRY_SUFFIX;
    }
}
