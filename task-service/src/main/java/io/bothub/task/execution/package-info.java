/** The bot's side: pulling its next task and reporting start, progress, the result or a failure. */
@NullMarked
package io.bothub.task.execution;

import org.jspecify.annotations.NullMarked;
