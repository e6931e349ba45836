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
 */
@ConfigurationProperties("bothub.heartbeat")
public record HeartbeatSettings(
        @DefaultValue("3") int missedBeats,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("30s") Duration offlineLease) {
}
