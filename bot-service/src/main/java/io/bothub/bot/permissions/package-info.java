/**
 * Resource permissions (seed 000): a bot's grant to an external resource, with the credentials to use it sealed
 * at rest and handed only to the bot that holds the grant.
 */
@NullMarked
package io.bothub.bot.permissions;

import org.jspecify.annotations.NullMarked;
