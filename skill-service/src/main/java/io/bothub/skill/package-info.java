/** skill-service: The skill marketplace: publish, search, install, rate, leaderboards. */
@NullMarked
package io.bothub.skill;

import org.jspecify.annotations.NullMarked;
