package io.bothub.command;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.command.*}: how commands are queued, delivered and retried.
 *
 * @param defaultMaxAttempts   delivery attempts of a command that does not set its own
 * @param maxAttemptsLimit     the most a command may ask for
 * @param backoffBase          the wait after the first failed attempt; it doubles per attempt, with jitter
 * @param backoffMax           the longest wait between attempts
 * @param lease                how long a dispatcher owns a command it took; past it, another replica takes it back
 * @param connectTimeout       connecting to a bot's endpoint
 * @param deliveryTimeout      the whole request to a bot's endpoint
 * @param dispatchBatch        the most bots served per dispatch round
 * @param pushWindow           the most commands of one bot taken at once and pushed one after another; a command
 *                             of higher priority queued meanwhile waits for the window to be pushed
 * @param pollInterval         how often a waiting pull looks for work queued through another replica; how long a
 *                             bot with a full bulkhead waits
 * @param fullRoundInterval    how often a dispatcher looks at every bot for due work (queued through another
 *                             replica, a scheduled command come due); work queued here is looked for when it is
 *                             queued, and a bot this replica freed for later (a retry's backoff, an open circuit)
 *                             when it is ready. A round costs a few milliseconds of database time per thousand bots
 * @param sweepInterval        how often expired commands and lapsed leases are handled
 * @param longPollMax          the longest a pulling bot waits for a command
 * @param circuit              the per-bot circuit breaker
 * @param bulkheadPerBot       concurrent deliveries to one bot from one replica
 * @param dispatch             false for a replica that serves the API and pulls but pushes nothing
 * @param intakeConcurrency    batch requests (several bots, a group) created at once; keep it a few below the database pool so that
 *                             delivery always finds a connection
 * @param keepFinished         how long a command that reached its end (sent, acknowledged, failed, cancelled, expired)
 *                             stays, with its delivery attempts, once it was both created and last changed that long ago;
 *                             looked for every {@code bothub.command.retention-interval} (1 h)
 */
@ConfigurationProperties("bothub.command")
public record CommandSettings(
        @DefaultValue("5") int defaultMaxAttempts,
        @DefaultValue("20") int maxAttemptsLimit,
        @DefaultValue("1s") Duration backoffBase,
        @DefaultValue("5m") Duration backoffMax,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration deliveryTimeout,
        @DefaultValue("200") int dispatchBatch,
        @DefaultValue("10") int pushWindow,
        @DefaultValue("50ms") Duration pollInterval,
        @DefaultValue("500ms") Duration fullRoundInterval,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("30s") Duration longPollMax,
        @DefaultValue Circuit circuit,
        @DefaultValue("1") int bulkheadPerBot,
        @DefaultValue("true") boolean dispatch,
        @DefaultValue("10") int intakeConcurrency,
        @DefaultValue("30d") Duration keepFinished) {

    /**
     * @param failureRateThreshold percent of failed calls in the window that opens the circuit
     * @param window               calls the failure rate is computed over
     * @param minimumCalls         calls before the rate counts
     * @param openFor              how long an open circuit refuses calls before letting a trial through
     */
    public record Circuit(@DefaultValue("50") float failureRateThreshold, @DefaultValue("10") int window,
            @DefaultValue("4") int minimumCalls, @DefaultValue("30s") Duration openFor) {
    }
}
