package io.bothub.sdk;

import java.util.Map;

/**
 * What a bot does with a task (seed 000's {@code @client.on_task}). Return the result: the SDK reports the task
 * completed with it. Throw to report it failed: a {@link TaskFailure}'s reason is reported as given, any other
 * exception as its type and message.
 */
@FunctionalInterface
public interface TaskHandler {

    Map<String, ?> handle(Task task, TaskProgress progress) throws Exception;
}
