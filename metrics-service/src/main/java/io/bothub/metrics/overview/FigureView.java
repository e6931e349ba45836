package io.bothub.metrics.overview;

import org.jspecify.annotations.Nullable;

import io.bothub.metrics.window.Figures;

/** Figures over a window as the API shows them: the counts and the rates derived from them (see {@link Figures}). */
record FigureView(String window, @Nullable Double avgResponseMillis, @Nullable Double successRate,
        @Nullable Double errorRate, double throughputPerMinute, long outcomes, long successes, long failures,
        long errors, long callbacks, long heartbeats, long responses, long commandsAcknowledged, long commandsFailed,
        long tasksCompleted, long tasksFailed, long sessionsOpened, long sessionsEnded) {

    static FigureView of(Figures f) {
        return new FigureView(f.window(), f.avgResponseMillis(), f.successRate(), f.errorRate(),
                f.throughputPerMinute(), f.outcomes(), f.successes(), f.failures(), f.errors(), f.callbacks(),
                f.heartbeats(), f.responses(), f.commandsDone(), f.commandsFailed(), f.tasksDone(), f.tasksFailed(),
                f.sessionsOpened(), f.sessionsEnded());
    }
}
