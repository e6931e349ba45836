/** routing-service's live view of the fleet: which bots exist, what they can do and whether they are available. */
@NullMarked
package io.bothub.routing.fleet;

import org.jspecify.annotations.NullMarked;
