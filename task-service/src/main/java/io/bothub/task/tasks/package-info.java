/** Tasks: requesting, approving, cancelling, reading, and the one place their state changes. */
@NullMarked
package io.bothub.task.tasks;

import org.jspecify.annotations.NullMarked;
