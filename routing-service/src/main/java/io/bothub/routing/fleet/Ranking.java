package io.bothub.routing.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

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

    private static final Comparator<FleetBot> TIES = Ranking::ties;

    private Ranking() {
    }

    /**
     * @param turn for weighted round robin: a counter shared by the replicas, advanced once per decision
     */
    public static List<Ranked> rank(List<FleetBot> bots, Strategy strategy, long turn) {
        if (strategy == Strategy.WEIGHTED_ROUND_ROBIN) {
            return roundRobin(bots, turn);
        }
        Comparator<FleetBot> order = order(strategy);
        ToDoubleFunction<FleetBot> score = score(strategy);
        return bots.stream().sorted(order).map(b -> new Ranked(b, score.applyAsDouble(b))).toList();
    }

    /**
     * The first {@code limit} bots of {@link #rank}, in the same order, without ordering the rest: a decision over a
     * fleet of thousands looks at its first page of candidates, and sorting the whole fleet for it is most of its
     * cost.
     */
    public static List<Ranked> best(List<FleetBot> bots, Strategy strategy, long turn, int limit) {
        return best(bots, strategy, turn, limit, order(strategy));
    }

    /**
     * {@link #best} for bots listed in id order, as {@link Fleet} lists them. Taken in that order, a bot tied on every
     * other figure with one kept before it has the greater id, so it goes after it without comparing ids: in a fleet
     * whose bots hold equal loads, comparing ids was most of what choosing a first page cost.
     */
    public static List<Ranked> bestInIdOrder(List<FleetBot> bots, Strategy strategy, long turn, int limit) {
        return best(bots, strategy, turn, limit, switch (strategy) {
            case LEAST_SESSIONS, WEIGHTED_ROUND_ROBIN -> LEAST_BUT_ID;
            case FASTEST_RESPONSE -> FASTEST_BUT_ID;
            case HIGHEST_HEALTH -> HEALTHIEST_BUT_ID;
        });
    }

    /** {@code order} ranks as the strategy does, or as it does but for ids when the bots come in id order. */
    private static List<Ranked> best(List<FleetBot> bots, Strategy strategy, long turn, int limit,
            Comparator<FleetBot> order) {
        if (strategy == Strategy.WEIGHTED_ROUND_ROBIN || bots.size() <= limit) {
            List<Ranked> all = rank(bots, strategy, turn);
            return all.size() <= limit ? all : all.subList(0, limit);
        }
        // The best so far, in order; most bots lose to the last kept at once and cost one comparison.
        FleetBot[] kept = new FleetBot[limit];
        int size = 0;
        for (FleetBot bot : bots) {
            int at;
            if (size < limit) {
                at = size++;
            } else if (order.compare(bot, kept[limit - 1]) < 0) {
                at = limit - 1;
            } else {
                continue;
            }
            while (at > 0 && order.compare(bot, kept[at - 1]) < 0) {
                kept[at] = kept[at - 1];
                at--;
            }
            kept[at] = bot;
        }
        ToDoubleFunction<FleetBot> score = score(strategy);
        List<Ranked> best = new ArrayList<>(limit);
        for (FleetBot bot : kept) {
            best.add(new Ranked(bot, score.applyAsDouble(bot)));
        }
        return best;
    }

    /** {@code bot} with the figure {@code strategy} ranks it by. */
    public static Ranked scored(FleetBot bot, Strategy strategy) {
        if (strategy == Strategy.WEIGHTED_ROUND_ROBIN) {
            return new Ranked(bot, bot.weight() > 0 ? bot.weight() : 0);
        }
        return new Ranked(bot, score(strategy).applyAsDouble(bot));
    }

    // The orders written out rather than composed from Comparator.comparing(...): a decision compares a fleet's bots,
    // and composed comparators (boxing the weight among others) cost several times as much per comparison.

    /** Fewest sessions, then heavier weight, then id. */
    private static int ties(FleetBot a, FleetBot b) {
        int c = tiesButId(a, b);
        return c != 0 ? c : a.botId().compareTo(b.botId());
    }

    /** Fewest sessions, then heavier weight. */
    private static int tiesButId(FleetBot a, FleetBot b) {
        int c = Integer.compare(a.held(), b.held());
        return c != 0 ? c : Integer.compare(b.weight(), a.weight());
    }

    private static int fastest(FleetBot a, FleetBot b) {
        return Double.compare(a.avgResponseMs() == null ? Double.MAX_VALUE : a.avgResponseMs(),
                b.avgResponseMs() == null ? Double.MAX_VALUE : b.avgResponseMs());
    }

    private static int healthiest(FleetBot a, FleetBot b) {
        return Double.compare(b.healthOrDefault(), a.healthOrDefault());
    }

    private static int fastestFirst(FleetBot a, FleetBot b) {
        int c = fastest(a, b);
        return c != 0 ? c : ties(a, b);
    }

    private static int healthiestFirst(FleetBot a, FleetBot b) {
        int c = healthiest(a, b);
        return c != 0 ? c : ties(a, b);
    }

    private static final Comparator<FleetBot> LEAST = Ranking::ties;
    private static final Comparator<FleetBot> FASTEST = Ranking::fastestFirst;
    private static final Comparator<FleetBot> HEALTHIEST = Ranking::healthiestFirst;
    private static final Comparator<FleetBot> LEAST_BUT_ID = Ranking::tiesButId;
    private static final Comparator<FleetBot> FASTEST_BUT_ID = (a, b) -> {
        int c = fastest(a, b);
        return c != 0 ? c : tiesButId(a, b);
    };
    private static final Comparator<FleetBot> HEALTHIEST_BUT_ID = (a, b) -> {
        int c = healthiest(a, b);
        return c != 0 ? c : tiesButId(a, b);
    };

    private static Comparator<FleetBot> order(Strategy strategy) {
        return switch (strategy) {
            case LEAST_SESSIONS, WEIGHTED_ROUND_ROBIN -> LEAST;
            case FASTEST_RESPONSE -> FASTEST;
            case HIGHEST_HEALTH -> HEALTHIEST;
        };
    }

    private static ToDoubleFunction<FleetBot> score(Strategy strategy) {
        return switch (strategy) {
            case LEAST_SESSIONS, WEIGHTED_ROUND_ROBIN -> FleetBot::held;
            case FASTEST_RESPONSE -> b -> b.avgResponseMs() == null ? -1 : b.avgResponseMs();
            case HIGHEST_HEALTH -> FleetBot::healthOrDefault;
        };
    }

    /**
     * Each bot owns as many slots of a wheel as its weight; the turn picks the slot, and the bots follow in wheel
     * order from there. Over {@code sum(weights)} consecutive turns each bot comes first exactly {@code weight} times.
     */
    private static List<Ranked> roundRobin(List<FleetBot> bots, long turn) {
        List<FleetBot> wheel = bots.stream().filter(b -> b.weight() > 0).sorted(Comparator.comparing(FleetBot::botId)).toList();
        if (wheel.isEmpty()) {
            return rank(bots, Strategy.LEAST_SESSIONS, turn);
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
