/** task-service's own view of the tenant's bots, from bot-service's lifecycle events. */
@NullMarked
package io.bothub.task.bots;

import org.jspecify.annotations.NullMarked;
