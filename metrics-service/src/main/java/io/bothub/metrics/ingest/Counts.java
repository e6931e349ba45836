package io.bothub.metrics.ingest;

/** The additive figures of one bucket, in the order of the bucket tables' columns. */
final class Counts {

    static final String[] COLUMNS = {"heartbeats", "callbacks", "successes", "failures", "errors", "responses",
            "response_ms_sum", "commands_done", "commands_failed", "tasks_done", "tasks_failed", "sessions_opened",
            "sessions_ended"};
    static final int HEARTBEATS = 0;
    static final int CALLBACKS = 1;
    static final int SUCCESSES = 2;
    static final int FAILURES = 3;
    static final int ERRORS = 4;
    static final int RESPONSES = 5;
    static final int RESPONSE_MS_SUM = 6;
    static final int COMMANDS_DONE = 7;
    static final int COMMANDS_FAILED = 8;
    static final int TASKS_DONE = 9;
    static final int TASKS_FAILED = 10;
    static final int SESSIONS_OPENED = 11;
    static final int SESSIONS_ENDED = 12;

    final long[] values = new long[COLUMNS.length];

    void add(int column, long amount) {
        values[column] += amount;
    }

    void addAll(Counts other) {
        for (int i = 0; i < values.length; i++) {
            values[i] += other.values[i];
        }
    }
}
