package io.bothub.events.skill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A version of a skill was published to the marketplace.
 *
 * @param skillId     the skill
 * @param name        its name
 * @param version     the semantic version published
 * @param authorBotId the bot that published it, if a bot did
 * @param publishedBy the principal that published it
 * @param visibility  {@code public} or {@code private} (the tenant only)
 * @param tags        its tags
 * @param publishedAt when
 */
@EventType(name = "io.bothub.skill.published", version = 1, topic = Topics.SKILL_EVENTS)
public record SkillPublished(String skillId, String name, String version, @Nullable String authorBotId,
        String publishedBy, String visibility, List<String> tags, Instant publishedAt) implements BotHubEvent {

    public SkillPublished {
        Objects.requireNonNull(skillId, "skillId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publishedBy, "publishedBy");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(publishedAt, "publishedAt");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String partitionKey() {
        return skillId;
    }
}
