package io.bothub.routing.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders qualifying bots best first under a strategy. Full bots stay in the list: the seat script skips them
 * atomically, so a bot filling up between ranking and taking is never over-assigned.
 *
 * <p>Every strategy breaks ties the same way (fewest sessions, then heavier weight, then id), so a ranking is
 * deterministic for the same figures, which the explanations rely on.
 */
public final class Ranking {

    /** A bot and the figure it was ranked by under the strategy (lower is better for sessions and speed). */
    public record Ranked(FleetBot bot, double score) {
    }

    private static final Comparator<FleetBot> TIES = Comparator.comparingInt(FleetBot::held)
            .thenComparing(FleetBot::weight, Comparator.reverseOrder()).thenComparing(FleetBot::botId);

    private Ranking() {
    }

    /**
     * @param turn for weighted round robin: a counter shared by the replicas, advanced once per decision
     */
    public static List<Ranked> rank(List<FleetBot> bots, Strategy strategy, long turn) {
        return switch (strategy) {
            case LEAST_SESSIONS -> sorted(bots, Comparator.comparingInt(FleetBot::held), b -> b.held());
            case FASTEST_RESPONSE -> sorted(bots,
                    Comparator.comparingDouble(b -> b.avgResponseMs() == null ? Double.MAX_VALUE : b.avgResponseMs()),
                    b -> b.avgResponseMs() == null ? -1 : b.avgResponseMs());
            case HIGHEST_HEALTH -> sorted(bots, Comparator.comparingDouble(FleetBot::healthOrDefault).reversed(),
                    FleetBot::healthOrDefault);
            case WEIGHTED_ROUND_ROBIN -> roundRobin(bots, turn);
        };
    }

    private static List<Ranked> sorted(List<FleetBot> bots, Comparator<FleetBot> primary,
            java.util.function.ToDoubleFunction<FleetBot> score) {
        return bots.stream().sorted(primary.thenComparing(TIES)).map(b -> new Ranked(b, score.applyAsDouble(b))).toList();
    }

    /**
     * Each bot owns as many slots of a wheel as its weight; the turn picks the slot, and the bots follow in wheel
     * order from there. Over {@code sum(weights)} consecutive turns each bot comes first exactly {@code weight} times.
     */
    private static List<Ranked> roundRobin(List<FleetBot> bots, long turn) {
        List<FleetBot> wheel = bots.stream().filter(b -> b.weight() > 0).sorted(Comparator.comparing(FleetBot::botId)).toList();
        if (wheel.isEmpty()) {
            return sorted(bots, Comparator.comparingInt(FleetBot::held), b -> b.held());
        }
        long total = wheel.stream().mapToLong(FleetBot::weight).sum();
        long slot = Math.floorMod(turn, total);
        int first = 0;
        for (long passed = 0; first < wheel.size(); first++) {
            passed += wheel.get(first).weight();
            if (slot < passed) {
                break;
            }
        }
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < wheel.size(); i++) {
            FleetBot bot = wheel.get((first + i) % wheel.size());
            ranked.add(new Ranked(bot, bot.weight()));
        }
        bots.stream().filter(b -> b.weight() <= 0).sorted(TIES).forEach(b -> ranked.add(new Ranked(b, 0)));
        return ranked;
    }
}
