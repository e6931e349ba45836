package io.bothub.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.task.*}: how tasks are delivered, swept and reassigned.
 *
 * @param longPollMax     the longest a pulling bot waits for a task (keep it below the gateway's 10 s response timeout)
 * @param pollInterval    how often a waiting pull looks again when no wake-up came (assignments wake the bot's
 *                        pulls on every replica through Redis; this only covers a lost wake-up)
 * @param redeliverAfter  a task handed to its bot but not started within this time is handed out again on the
 *                        bot's next pull (the bot may have crashed between pulling and starting)
 * @param sweepInterval   how often tasks whose deadline passed are failed
 * @param sweepBatch      the most tasks one sweep handles
 */
@ConfigurationProperties("bothub.task")
public record TaskSettings(
        @DefaultValue("9s") Duration longPollMax,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("60s") Duration redeliverAfter,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("200") int sweepBatch) {
}
