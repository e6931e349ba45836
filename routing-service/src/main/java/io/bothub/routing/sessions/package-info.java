/** Sessions and their assignment to bots, never over a bot's capacity. */
@NullMarked
package io.bothub.routing.sessions;

import org.jspecify.annotations.NullMarked;
