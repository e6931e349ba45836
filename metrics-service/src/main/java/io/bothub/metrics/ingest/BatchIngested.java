package io.bothub.metrics.ingest;

import java.util.Map;
import java.util.Set;

/**
 * Published in the service after a batch committed: which bots it touched (their health and alerts are due a
 * look), how many events it applied, and counts for the platform's business metrics.
 *
 * @param bots   bots whose figures or state changed
 * @param events events applied (duplicates and unreadable records excluded)
 * @param counts metric name → tag value → how many, for example {@code commands → acknowledged → 12}
 */
public record BatchIngested(Set<BotRef> bots, int events, Map<String, Map<String, Integer>> counts) {
}
