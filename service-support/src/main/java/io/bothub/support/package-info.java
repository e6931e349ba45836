/**
 * What every BotHub service reuses, written once: the transactional outbox ({@code outbox}), idempotent
 * consumption ({@code inbox}), Kafka wiring with non-blocking retries and dead-letter topics ({@code messaging}),
 * RFC 9457 problem details and request ids ({@code web}), and the Redisson client ({@code redis}). A service gets
 * all of it by depending on this module.
 */
@NullMarked
package io.bothub.support;

import org.jspecify.annotations.NullMarked;
