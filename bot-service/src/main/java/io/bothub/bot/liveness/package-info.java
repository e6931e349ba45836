/**
 * Heartbeats and liveness. Live load stays in Redis and goes out on {@code bot.heartbeat}; only status changes
 * reach PostgreSQL, each decided atomically in Redis so that a silent bot goes offline exactly once, however many
 * bot-service replicas run.
 */
@NullMarked
package io.bothub.bot.liveness;

import org.jspecify.annotations.NullMarked;
