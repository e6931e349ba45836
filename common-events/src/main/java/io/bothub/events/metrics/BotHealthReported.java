package io.bothub.events.metrics;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot's load and health as metrics-service computes them over its recent window; routing-service chooses bots
 * with it. Published when a figure moved enough to matter, and at least every few minutes while the bot is live.
 *
 * @param botId              the bot
 * @param healthScore        0 to 100 (seed 002's weights of CPU, memory, response time, success rate, load, errors)
 * @param avgResponseMillis  average response time over the window, if the bot answered anything
 * @param successRate        share of successful outcomes, 0.0 to 1.0, if there were any
 * @param errorRate          errors per outcome, 0.0 to 1.0
 * @param activeSessions     sessions it holds
 * @param window             the window the figures cover, for example {@code 5m}
 * @param computedAt         when
 */
@EventType(name = "io.bothub.metrics.bot-health", version = 1, topic = Topics.BOT_HEALTH)
public record BotHealthReported(String botId, double healthScore, @Nullable Double avgResponseMillis,
        @Nullable Double successRate, double errorRate, int activeSessions, String window, Instant computedAt)
        implements BotHubEvent {

    public BotHealthReported {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(computedAt, "computedAt");
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
