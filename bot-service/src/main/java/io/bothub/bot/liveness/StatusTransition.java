package io.bothub.bot.liveness;

import io.bothub.bot.registry.BotKey;

/**
 * A status change decided in Redis. {@code sequence} orders the changes of one bot: a change with a lower
 * sequence than the stored one is stale and is not applied.
 */
record StatusTransition(BotKey bot, String from, String to, long sequence) {
}
