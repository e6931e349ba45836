package io.bothub.support.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.inbox.*}: how long a service remembers the events it applied. How often it forgets the old ones is
 * {@code bothub.inbox.prune-interval} (1 h; see {@link ProcessedEventPruner}).
 *
 * @param keepProcessed how long an applied event's id is kept. Kafka can deliver an event again for as long as its
 *                      topic keeps it (a consumer group reset to the earliest offset reads it all again), so this is
 *                      the longest retention of any topic (30 days) and a day more; ids older than that can no
 *                      longer arrive
 * @param pruneBatch    the most rows one delete statement removes, so pruning a large backlog holds no long lock
 *                      and writes no huge transaction
 */
@ConfigurationProperties("bothub.inbox")
public record InboxSettings(
        @DefaultValue("31d") Duration keepProcessed,
        @DefaultValue("10000") int pruneBatch) {
}
