package io.bothub.task;

import java.util.List;

/** Task priorities, lowest first (seed 000: low, normal, high, urgent); a priority's rank is its position. */
public final class Priorities {

    public static final List<String> ALL = List.of("low", "normal", "high", "urgent");
    public static final String DEFAULT = "normal";

    private Priorities() {
    }

    /** The rank of {@code priority}, -1 if it is not one. */
    public static int rank(String priority) {
        return ALL.indexOf(priority);
    }
}
