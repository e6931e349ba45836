/** Events of routing-service about sessions (conversations with end users): assignment, transfer, handoff, close. */
@NullMarked
package io.bothub.events.session;

import org.jspecify.annotations.NullMarked;
