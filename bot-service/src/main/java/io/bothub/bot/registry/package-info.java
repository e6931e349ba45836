/** Where a bot enters BotHub: registration and the credentials it gets. */
@NullMarked
package io.bothub.bot.registry;

import org.jspecify.annotations.NullMarked;
