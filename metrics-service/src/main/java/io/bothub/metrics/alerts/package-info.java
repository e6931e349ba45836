/** Alert rules per tenant and group, incidents raised once and resolved when they clear, and their delivery. */
@NullMarked
package io.bothub.metrics.alerts;

import org.jspecify.annotations.NullMarked;
