/** The gateway: request ids, one problem-details error format, and the circuit-breaker fallback. */
@NullMarked
package io.bothub.gateway;

import org.jspecify.annotations.NullMarked;
