/** Events produced by the task-servicetask. */
@NullMarked
package io.bothub.events.task;

import org.jspecify.annotations.NullMarked;
