package io.bothub.events.skill;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * Someone rated a skill, or changed their rating.
 *
 * @param skillId       the skill
 * @param rater         the rating bot or user
 * @param stars         1 to 5
 * @param previousStars the rater's earlier rating, if this one replaced it
 * @param averageRating the skill's average after this rating
 * @param ratingCount   how many raters the average covers
 * @param ratedAt       when
 */
@EventType(name = "io.bothub.skill.rated", version = 1, topic = Topics.SKILL_EVENTS)
public record SkillRated(String skillId, String rater, int stars, @Nullable Integer previousStars,
        double averageRating, long ratingCount, Instant ratedAt) implements BotHubEvent {

    public SkillRated {
        Objects.requireNonNull(skillId, "skillId");
        Objects.requireNonNull(rater, "rater");
        Objects.requireNonNull(ratedAt, "ratedAt");
    }

    @Override
    public String partitionKey() {
        return skillId;
    }
}
