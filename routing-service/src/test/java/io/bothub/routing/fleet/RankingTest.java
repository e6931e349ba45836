package io.bothub.routing.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RankingTest {

    private final FleetBot busyFastHealthy = new FleetBot("a", 10, 1, 5, 95.0, 120.0);
    private final FleetBot idleSlowSick = new FleetBot("b", 10, 3, 0, 40.0, 900.0);
    private final FleetBot newcomer = new FleetBot("c", 10, 1, 2, null, null);

    @Test
    void leastSessionsPutsTheEmptiestFirst() {
        assertThat(order(Strategy.LEAST_SESSIONS)).containsExactly("b", "c", "a");
    }

    @Test
    void fastestResponsePutsTheQuickestFirstAndBotsWithoutFiguresLast() {
        assertThat(order(Strategy.FASTEST_RESPONSE)).containsExactly("a", "b", "c");
    }

    @Test
    void highestHealthTreatsABotWithoutASnapshotAsHealthy() {
        assertThat(order(Strategy.HIGHEST_HEALTH)).containsExactly("c", "a", "b");
    }

    @Test
    void weightedRoundRobinPutsEachBotFirstAsOftenAsItsWeight() {
        Map<String, Integer> firsts = new HashMap<>();
        LongStream.range(0, 50).forEach(turn -> firsts.merge(
                Ranking.rank(List.of(busyFastHealthy, idleSlowSick, newcomer), Strategy.WEIGHTED_ROUND_ROBIN, turn)
                        .getFirst().bot().botId(), 1, Integer::sum));
        // weights 1 : 3 : 1 over 50 turns = 10 wheels of 5 slots
        assertThat(firsts).containsEntry("a", 10).containsEntry("b", 30).containsEntry("c", 10);
        assertThat(Ranking.rank(List.of(busyFastHealthy, idleSlowSick, newcomer), Strategy.WEIGHTED_ROUND_ROBIN, 7))
                .as("every bot stays a candidate, in wheel order").hasSize(3);
    }

    private List<String> order(Strategy strategy) {
        return Ranking.rank(List.of(busyFastHealthy, idleSlowSick, newcomer), strategy, 0).stream()
                .map(r -> r.bot().botId()).toList();
    }
}
