/** The fleet at a glance (seed 002's monitoring screen), per-bot figures and time series for charts. */
@NullMarked
package io.bothub.metrics.overview;

import org.jspecify.annotations.NullMarked;
