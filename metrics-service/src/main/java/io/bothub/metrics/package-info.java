/** metrics-service: Per-bot performance, health scores, alerts, fleet overview. */
@NullMarked
package io.bothub.metrics;

import org.jspecify.annotations.NullMarked;
