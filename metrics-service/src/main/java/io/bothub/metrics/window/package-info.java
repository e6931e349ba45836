/** Time windows (1m, 5m, 15m, 1h, 1d) over the per-minute and per-hour buckets, and the figures they give. */
@NullMarked
package io.bothub.metrics.window;

import org.jspecify.annotations.NullMarked;
