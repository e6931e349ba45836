/** Events produced by the bot-servicebot. */
@NullMarked
package io.bothub.events.bot;

import org.jspecify.annotations.NullMarked;
