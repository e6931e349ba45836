package io.bothub.skill.leaderboard;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.skill.catalog.Skills;
import io.bothub.support.web.Caller;

/** {@code GET /api/v1/skills/leaderboard?period=day|week|month|all&metric=downloads|rating|installs&top=N} (seed 000). */
@RestController
class LeaderboardController {

    private final Leaderboards leaderboards;

    LeaderboardController(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    @GetMapping("/api/v1/skills/leaderboard")
    Leaderboards.Board leaderboard(Caller caller, @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String metric, @RequestParam(required = false) @Nullable Integer top) {
        Skills.requireReader(caller);
        return leaderboards.read(caller.tenantId(), period, metric, top);
    }
}
