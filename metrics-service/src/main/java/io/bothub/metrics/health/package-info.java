/** Bots' health scores (seed 002's weighted formula) and the load-and-health snapshots routing consumes. */
@NullMarked
package io.bothub.metrics.health;

import org.jspecify.annotations.NullMarked;
