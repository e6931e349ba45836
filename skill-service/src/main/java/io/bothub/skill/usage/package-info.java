/** Using and judging skills: downloads, installs, ratings, and the signals of inflated ones. */
@NullMarked
package io.bothub.skill.usage;

import org.jspecify.annotations.NullMarked;
