/** The activity log per bot (seed 000 bot_activities), built from the events the bot's actions raise. */
@NullMarked
package io.bothub.bot.activity;

import org.jspecify.annotations.NullMarked;
