package io.bothub.routing.fleet;

import java.util.Arrays;

/** How a group chooses among the bots that qualify (seed 002, 3.2). */
public enum Strategy {
    LEAST_SESSIONS("least-sessions"),
    FASTEST_RESPONSE("fastest-response"),
    HIGHEST_HEALTH("highest-health"),
    WEIGHTED_ROUND_ROBIN("weighted-round-robin");

    private final String id;

    Strategy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The strategy named {@code id}; {@link IllegalArgumentException} naming the valid ones otherwise. */
    public static Strategy of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown strategy '" + id + "'; one of "
                        + Arrays.stream(values()).map(Strategy::id).toList()));
    }
}
