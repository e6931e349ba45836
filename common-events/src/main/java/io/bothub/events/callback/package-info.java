/** Events produced by the bot-service (callback intake). */
@NullMarked
package io.bothub.events.callback;

import org.jspecify.annotations.NullMarked;
