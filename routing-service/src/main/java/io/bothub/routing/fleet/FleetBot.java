package io.bothub.routing.fleet;

import org.jspecify.annotations.Nullable;

/**
 * A bot that could take work now, with the figures the strategies rank by.
 *
 * @param held          sessions it holds now (from the shared seat counts)
 * @param healthScore   metrics-service's 0–100 score, null before the first snapshot
 * @param avgResponseMs its recent average response time, null before the first snapshot
 */
public record FleetBot(String botId, int maxSessions, int weight, int held, @Nullable Double healthScore,
        @Nullable Double avgResponseMs) {

    /** Health counts as good until metrics-service says otherwise: a new bot is not penalised for being new. */
    public double healthOrDefault() {
        return healthScore == null ? 100.0 : healthScore;
    }
}
