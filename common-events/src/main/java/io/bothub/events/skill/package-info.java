/** Events of skill-service's marketplace: publishing, installs and ratings. */
@NullMarked
package io.bothub.events.skill;

import org.jspecify.annotations.NullMarked;
