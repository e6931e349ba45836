package io.bothub.bot.registry;

/** A bot that proved who it is with its API key. */
public record AuthenticatedBot(BotKey key, int heartbeatIntervalSeconds) {
}
