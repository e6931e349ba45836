/** task-service: Tasks from request to result. */
@NullMarked
package io.bothub.task;

import org.jspecify.annotations.NullMarked;
