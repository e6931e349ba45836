/**
 * Consumes bots' heartbeats, lifecycle, callbacks, command and task outcomes and session events in Kafka batches
 * and folds each batch into per-minute and per-hour buckets in one transaction, with the consumed offsets.
 */
@NullMarked
package io.bothub.metrics.ingest;

import org.jspecify.annotations.NullMarked;
