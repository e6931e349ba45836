/** Events produced by the bot-service. */
@NullMarked
package io.bothub.events.bot;

import org.jspecify.annotations.NullMarked;
