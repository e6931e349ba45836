package io.bothub.bot.liveness;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.heartbeat.*}.
 *
 * @param missedBeats    how many of its own intervals a bot may stay silent before it is offline
 * @param sweepInterval  how often each replica looks for silent bots
 * @param sweepBatch     the most bots one sweep takes
 * @param keyCacheTtl    how long a verified API key is trusted without asking the database again; bounds how
 *                       long a revoked key keeps working
 * @param offlineLease   how long a replica may take to store an offline change it took before another replica
 *                       takes it over (the first one having died)
 * @param pendingWorkSeenFor how long the id of a command event counted into a bot's pending work is remembered, so
 *                       that the same event delivered again is not counted twice. Events come again after a crash:
 *                       Kafka redelivers what this service took but had not committed when it died, command-service's
 *                       outbox relay re-sends what it had sent but not recorded; both within minutes unless a service
 *                       stays down longer. Two ids per command are kept this long: at 1,000 commands a second, an
 *                       hour is ~7 million keys in Redis, the former day ~170 million
 */
@ConfigurationProperties("bothub.heartbeat")
public record HeartbeatSettings(
        @DefaultValue("3") int missedBeats,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("30s") Duration offlineLease,
        @DefaultValue("1h") Duration pendingWorkSeenFor) {
}
