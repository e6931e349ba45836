/** The platform's business metrics for Prometheus and Grafana. */
@NullMarked
package io.bothub.metrics.telemetry;

import org.jspecify.annotations.NullMarked;
