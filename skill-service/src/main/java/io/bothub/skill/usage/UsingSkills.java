package io.bothub.skill.usage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.skill.SkillInstalled;
import io.bothub.skill.catalog.Skills;
import io.bothub.skill.catalog.Skills.SkillRow;
import io.bothub.skill.leaderboard.DailyRollup;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Downloads and installs of a skill's versions. A download is counted once per downloading principal and version,
 * an install once per bot and version (an install is also that bot's download); asking again returns the same
 * content and counts nothing. A first install announces {@code SkillInstalled}, from which bot-service adds the
 * skill's capabilities to the bot.
 */
@Service
class UsingSkills {

    record Downloaded(String skillId, String version, boolean counted, boolean deprecated, JsonNode manifest) {
    }

    record Installed(String skillId, String version, String botId, boolean firstInstall, boolean deprecated,
            List<String> capabilities, JsonNode manifest) {
    }

    private final JdbcClient jdbc;
    private final Skills skills;
    private final TrustSignals trust;
    private final DailyRollup rollup;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    UsingSkills(JdbcClient jdbc, Skills skills, TrustSignals trust, DailyRollup rollup, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.skills = skills;
        this.trust = trust;
        this.rollup = rollup;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    Downloaded download(Caller caller, String skillId, String version) {
        SkillRow skill = skills.visible(caller.tenantId(), skillId).orElseThrow(() -> ProblemException.notFound("skill", skillId));
        Skills.VersionRow row = installable(caller, skill, version);
        boolean counted = recordDownload(caller.tenantId(), caller.principal(), skill, version, clock.instant());
        return new Downloaded(skillId, version, counted, skill.deprecated(), json.readTree(row.manifestJson()));
    }

    @Transactional
    Installed install(Caller caller, String skillId, String version, @Nullable String requestedBot) {
        String botId = installingBot(caller, requestedBot);
        SkillRow skill = skills.visible(caller.tenantId(), skillId).orElseThrow(() -> ProblemException.notFound("skill", skillId));
        Skills.VersionRow row = installable(caller, skill, version);
        Instant now = clock.instant();
        boolean flagged = trust.installBurst(skillId, caller.tenantId(), now);
        boolean first = jdbc.sql("""
                insert into skill_install (skill_id, tenant_id, bot_id, version, installed_by, installed_at, flagged)
                values (:s, :t, :b, :v, :by, :at, :flagged) on conflict do nothing
                """)
                .param("s", skillId).param("t", caller.tenantId()).param("b", botId).param("v", version)
                .param("by", caller.principal()).param("at", Timestamp.from(now)).param("flagged", flagged)
                .update() == 1;
        if (first) {
            trust.seen(caller.tenantId(), caller.principal(), now);
            if (!flagged) {
                jdbc.sql("update skill set installs = installs + 1 where skill_id = :s").param("s", skillId).update();
                rollup.add(skillId, DailyRollup.day(now), 0, 1, 0, 0);
            }
            // Installing fetched the content: it is the bot's download of the version, counted like any other.
            recordDownload(caller.tenantId(), "bot:" + botId, skill, version, now);
            outbox.add(caller.tenantId(), new SkillInstalled(skillId, skill.name(), version, botId, row.capabilities(), now));
        }
        return new Installed(skillId, version, botId, first, skill.deprecated(), row.capabilities(),
                json.readTree(row.manifestJson()));
    }

    private static String installingBot(Caller caller, @Nullable String requested) {
        if (caller.isBot()) {
            String self = caller.botId().orElseThrow();
            if (requested != null && !requested.equals(self)) {
                caller.requireBot(requested);
            }
            return self;
        }
        caller.require(Scopes.SKILLS);
        if (requested == null || requested.isBlank()) {
            throw ProblemException.invalid(List.of(new FieldProblem("botId", "is required: the bot that installs the skill")));
        }
        return requested.strip();
    }

    /**
     * The version if it can be fetched: published ones, and (with a warning left to the caller) those of a
     * deprecated skill. A yanked version is gone (410); a held or rejected one does not exist for other tenants.
     */
    private Skills.VersionRow installable(Caller caller, SkillRow skill, String version) {
        Skills.VersionRow row = skills.version(skill.skillId(), version)
                .filter(v -> skill.ownedBy(caller.tenantId()) || !v.status().equals("held") && !v.status().equals("rejected"))
                .orElseThrow(() -> ProblemException.notFound("version", skill.name() + "@" + version));
        switch (row.status()) {
            case "published" -> {
                return row;
            }
            case "yanked" -> throw new ProblemException(HttpStatus.GONE, "version-yanked", "Gone",
                    skill.name() + "@" + version + " was yanked by its publisher; install another version");
            default -> throw ProblemException.conflict("version-" + row.status(),
                    skill.name() + "@" + version + " is " + row.status() + (row.status().equals("held") ? " for review" : ""));
        }
    }

    /** Counts {@code principal}'s download of the version once; true if this was its first. */
    private boolean recordDownload(String tenantId, String principal, SkillRow skill, String version, Instant now) {
        boolean flagged = trust.downloadBurst(skill.skillId(), tenantId, now);
        boolean first = jdbc.sql("""
                insert into skill_download (skill_id, tenant_id, principal, version, downloaded_at, flagged)
                values (:s, :t, :p, :v, :at, :flagged) on conflict do nothing
                """)
                .param("s", skill.skillId()).param("t", tenantId).param("p", principal).param("v", version)
                .param("at", Timestamp.from(now)).param("flagged", flagged).update() == 1;
        if (first) {
            trust.seen(tenantId, principal, now);
            if (flagged) {
                jdbc.sql("update skill set flagged_downloads = flagged_downloads + 1 where skill_id = :s")
                        .param("s", skill.skillId()).update();
            } else {
                jdbc.sql("update skill set downloads = downloads + 1 where skill_id = :s").param("s", skill.skillId()).update();
                rollup.add(skill.skillId(), DailyRollup.day(now), 1, 0, 0, 0);
            }
        }
        return first;
    }
}
