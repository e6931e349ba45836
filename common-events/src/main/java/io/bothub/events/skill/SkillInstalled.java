package io.bothub.events.skill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot installed a version of a skill (counted once per bot and version). bot-service adds the capabilities
 * to the bot's declared capabilities.
 *
 * @param skillId      the skill
 * @param name         its name
 * @param version      the version installed
 * @param botId        the installing bot
 * @param capabilities the capabilities the skill gives its bot
 * @param installedAt  when
 */
@EventType(name = "io.bothub.skill.installed", version = 1, topic = Topics.SKILL_EVENTS)
public record SkillInstalled(String skillId, String name, String version, String botId, List<String> capabilities,
        Instant installedAt) implements BotHubEvent {

    public SkillInstalled {
        Objects.requireNonNull(skillId, "skillId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(installedAt, "installedAt");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    @Override
    public String partitionKey() {
        return skillId;
    }
}
