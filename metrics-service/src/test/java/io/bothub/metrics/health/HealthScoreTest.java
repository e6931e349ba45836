package io.bothub.metrics.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthScoreTest {

    private static final HealthSettings.Weights SEED = new HealthSettings.Weights(0.15, 0.15, 0.25, 0.2, 0.15, 0.1);

    @Test
    void aBotBestInEveryFactorScores100() {
        assertThat(HealthScore.of(new HealthScore.Inputs(30.0, 70.0, 500.0, 0.95, 8, 10, 0.01), SEED)).isEqualTo(100);
    }

    @Test
    void eachFactorIsBandedAsSeed002SaysAndWeighted() {
        // CPU 61 → 40, memory 86 → 40, response 1001 ms → 40, success 0.85 → 40, load 1.0 → 40, errors 0.2 → 10
        assertThat(HealthScore.of(new HealthScore.Inputs(61.0, 86.0, 1001.0, 0.85, 10, 10, 0.2), SEED))
                .isEqualTo(37); // 0.9 × 40 + 0.1 × 10
        // CPU 45 → 70, memory 50 → 100, response 2500 → 10, success 0.9 → 70, load 0.5 → 100, errors 0.03 → 70
        assertThat(HealthScore.of(new HealthScore.Inputs(45.0, 50.0, 2500.0, 0.9, 5, 10, 0.03), SEED))
                .isEqualTo(64); // 10.5 + 15 + 2.5 + 14 + 15 + 7
        // CPU 95 → 10, memory 99 → 10, load 1.2 → 10, success 0.5 → 10, response 600 → 70, errors 0 → 100
        assertThat(HealthScore.of(new HealthScore.Inputs(95.0, 99.0, 600.0, 0.5, 12, 10, 0.0), SEED))
                .isEqualTo(34); // 1.5 + 1.5 + 17.5 + 2 + 1.5 + 10
    }

    @Test
    void factorsWithoutDataAreLeftOutAndTheOtherWeightsCarryTheScore() {
        // Only CPU (70, weight 0.15) and success rate (40, weight 0.2) are known.
        assertThat(HealthScore.of(new HealthScore.Inputs(50.0, null, null, 0.8, 0, 0, null), SEED))
                .isEqualTo(53); // (10.5 + 8) / 0.35 = 52.86
        assertThat(HealthScore.of(new HealthScore.Inputs(null, null, null, null, 0, 0, null), SEED)).isEqualTo(100);
    }

    @Test
    void weightsAreConfigurable() {
        HealthSettings.Weights onlyResponse = new HealthSettings.Weights(0, 0, 1, 0, 0, 0);
        assertThat(HealthScore.of(new HealthScore.Inputs(99.0, 99.0, 700.0, 0.1, 20, 10, 0.9), onlyResponse)).isEqualTo(70);
    }
}
