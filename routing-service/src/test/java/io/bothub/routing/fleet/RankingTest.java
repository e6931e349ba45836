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

    @Test
    void theBestPageIsTheStartOfTheWholeRankingUnderEveryStrategy() {
        java.util.Random random = new java.util.Random(7);
        for (int fleet = 0; fleet < 50; fleet++) {
            List<FleetBot> bots = new java.util.ArrayList<>();
            for (int n = 0; n < 1 + random.nextInt(60); n++) {
                // Few distinct figures, so that ties (and their breaking) are common.
                bots.add(new FleetBot("bot-" + random.nextInt(1000) + "-" + n, 5, random.nextInt(3), random.nextInt(4),
                        random.nextBoolean() ? null : (double) (60 + 10 * random.nextInt(4)),
                        random.nextBoolean() ? null : (double) (100 * random.nextInt(3))));
            }
            java.util.Collections.shuffle(bots, random);
            List<FleetBot> inIdOrder = bots.stream().sorted(java.util.Comparator.comparing(FleetBot::botId)).toList();
            for (Strategy strategy : Strategy.values()) {
                long turn = random.nextInt(100);
                List<Ranking.Ranked> all = Ranking.rank(bots, strategy, turn);
                for (int limit : new int[] {1, 10, 32}) {
                    assertThat(Ranking.best(bots, strategy, turn, limit))
                            .as("%s, %d bots, first %d", strategy, bots.size(), limit)
                            .isEqualTo(all.subList(0, Math.min(limit, all.size())));
                    assertThat(Ranking.bestInIdOrder(inIdOrder, strategy, turn, limit))
                            .as("%s, %d bots in id order, first %d", strategy, bots.size(), limit)
                            .isEqualTo(all.subList(0, Math.min(limit, all.size())));
                }
                all.forEach(r -> assertThat(Ranking.scored(r.bot(), strategy)).isEqualTo(r));
            }
        }
    }

    private List<String> order(Strategy strategy) {
        return Ranking.rank(List.of(busyFastHealthy, idleSlowSick, newcomer), strategy, 0).stream()
                .map(r -> r.bot().botId()).toList();
    }
}
