/** The operator's view of the fleet: groups, roles, filtering, configuration and batch actions. */
@NullMarked
package io.bothub.bot.fleet;

import org.jspecify.annotations.NullMarked;
