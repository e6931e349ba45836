/** The Standard Webhooks signing scheme BotHub and its bots share. */
@NullMarked
package io.bothub.events.webhooks;

import org.jspecify.annotations.NullMarked;
