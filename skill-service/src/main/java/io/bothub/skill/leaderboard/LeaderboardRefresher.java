package io.bothub.skill.leaderboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import io.bothub.skill.SkillSettings;

/** Recomputes the leaderboards when the service is ready and every {@code bothub.skill.leaderboard.refresh-interval}. */
@Component
class LeaderboardRefresher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LeaderboardRefresher.class);

    private final Leaderboards leaderboards;
    private final SkillSettings settings;

    LeaderboardRefresher(Leaderboards leaderboards, SkillSettings settings) {
        this.leaderboards = leaderboards;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        refresh();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::refresh, settings.leaderboard().refreshInterval());
    }

    private void refresh() {
        try {
            leaderboards.refresh();
        } catch (RuntimeException e) {
            // The previous boards stay in place; the next round tries again.
            log.warn("leaderboard refresh failed: {}", e.toString());
        }
    }
}
