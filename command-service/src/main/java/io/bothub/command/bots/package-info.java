/** What command-service knows about bots, from bot-service's events: group, status, endpoint, signing secrets. */
@NullMarked
package io.bothub.command.bots;

import org.jspecify.annotations.NullMarked;
