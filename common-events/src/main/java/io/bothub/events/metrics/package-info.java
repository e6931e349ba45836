/** Events of metrics-service: bots' load and health for routing, and alerts. */
@NullMarked
package io.bothub.events.metrics;

import org.jspecify.annotations.NullMarked;
