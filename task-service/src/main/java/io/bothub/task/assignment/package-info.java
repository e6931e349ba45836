/** Who does a task: the routed bot, reassignment when a bot goes offline, failure when the deadline passes. */
@NullMarked
package io.bothub.task.assignment;

import org.jspecify.annotations.NullMarked;
