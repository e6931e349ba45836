package io.bothub.sdk;

/** Thrown by a {@link TaskHandler} to fail its task with a reason the requester reads. */
public class TaskFailure extends Exception {

    public TaskFailure(String reason) {
        super(reason);
    }

    public TaskFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
