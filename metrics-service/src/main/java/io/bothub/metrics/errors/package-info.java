/** Each bot's error log (seed 002's robot_error_logs), with resolution. */
@NullMarked
package io.bothub.metrics.errors;

import org.jspecify.annotations.NullMarked;
