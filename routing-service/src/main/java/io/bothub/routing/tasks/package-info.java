/**
 * Choosing bots for tasks that did not name one: task-service asks through {@code task.created}, routing-service
 * answers on {@code task.routing}; the same fleet view and ranking as sessions, one decision logic in the platform.
 */
@NullMarked
package io.bothub.routing.tasks;

import org.jspecify.annotations.NullMarked;
