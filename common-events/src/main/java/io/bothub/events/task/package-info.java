/** Events about tasks: their creation, routing and every later state change. */
@NullMarked
package io.bothub.events.task;

import org.jspecify.annotations.NullMarked;
