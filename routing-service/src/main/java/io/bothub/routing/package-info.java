/** routing-service: Sessions and messages, assigned to the best bot from live load. */
@NullMarked
package io.bothub.routing;

import org.jspecify.annotations.NullMarked;
