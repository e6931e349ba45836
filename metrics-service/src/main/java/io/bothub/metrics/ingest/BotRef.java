package io.bothub.metrics.ingest;

/** A bot of a tenant. */
public record BotRef(String tenantId, String botId) {
}
