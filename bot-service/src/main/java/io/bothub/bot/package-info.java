/** bot-service: The fleet registry: registration, credentials, heartbeats, status, groups, roles, capabilities, callbacks. */
@NullMarked
package io.bothub.bot;

import org.jspecify.annotations.NullMarked;
