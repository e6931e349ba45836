package io.bothub.sdk;

import org.jspecify.annotations.Nullable;

/** Reports how far a running task is; each report reaches the requester's view of the task live. */
@FunctionalInterface
public interface TaskProgress {

    /**
     * @param percent 0 to 100
     * @param message what is happening, if anything worth saying
     */
    void report(int percent, @Nullable String message);
}
