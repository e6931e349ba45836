/** Leaderboards per period and metric, precomputed from the daily rollup. */
@NullMarked
package io.bothub.skill.leaderboard;

import org.jspecify.annotations.NullMarked;
