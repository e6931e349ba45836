/** Callback intake: bots' signed messages, events and status reports, verified, logged and published once. */
@NullMarked
package io.bothub.bot.callbacks;

import org.jspecify.annotations.NullMarked;
