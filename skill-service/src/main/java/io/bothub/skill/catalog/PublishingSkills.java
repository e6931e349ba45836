package io.bothub.skill.catalog;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.skill.SkillPublished;
import io.bothub.skill.catalog.Skills.SkillRow;
import io.bothub.skill.manifest.Manifest;
import io.bothub.skill.manifest.ReviewScreening;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a version of a skill from its manifest. The first version creates the skill (named uniquely within the
 * tenant); later ones add versions, never replace one: a version once published is refused again, so whatever
 * installed {@code 1.2.0} can count on what {@code 1.2.0} is. A version that asks for a dangerous permission or
 * holds a secret is kept, held for review, and announced only when approved.
 */
@Service
class PublishingSkills {

    /** What publishing did. */
    record Published(String skillId, String name, String version, String status, List<String> reviewReasons,
            String url) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Skills skills;
    private final ReviewScreening screening;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    PublishingSkills(JdbcClient jdbc, Skills skills, ReviewScreening screening, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.skills = skills;
        this.screening = screening;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    Published publish(Caller caller, Manifest manifest) {
        Instant now = clock.instant();
        Optional<SkillRow> existing = skills.lockByName(caller.tenantId(), manifest.name());
        String skillId;
        if (existing.isPresent()) {
            SkillRow skill = existing.get();
            Skills.requireMayChange(caller, skill);
            if (!skill.visibility().equals(manifest.visibility())) {
                throw ProblemException.invalid(List.of(new FieldProblem("visibility", "skill '" + skill.name()
                        + "' is " + skill.visibility() + "; a published skill keeps its visibility")));
            }
            if (skills.version(skill.skillId(), manifest.version().text()).isPresent()) {
                throw ProblemException.conflict("version-exists", "skill '" + skill.name() + "' already has version "
                        + manifest.version() + "; a published version never changes, publish a higher one");
            }
            skillId = skill.skillId();
        } else {
            skillId = "skill_" + HexFormat.of().formatHex(bytes());
            createSkill(skillId, caller, manifest, now);
        }
        List<String> reasons = screening.reasons(manifest);
        String status = reasons.isEmpty() ? "published" : "held";
        jdbc.sql("""
                insert into skill_version (skill_id, version, tenant_id, major, minor, patch, prerelease, status,
                                           review_reasons, manifest, capabilities, permissions, published_by, published_at)
                values (:s, :v, :t, :major, :minor, :patch, :pre, :status, :reasons, cast(:manifest as jsonb),
                        :capabilities, :permissions, :by, :at)
                """)
                .param("s", skillId).param("v", manifest.version().text()).param("t", caller.tenantId())
                .param("major", manifest.version().major()).param("minor", manifest.version().minor())
                .param("patch", manifest.version().patch()).param("pre", manifest.version().prerelease())
                .param("status", status).param("reasons", reasons.toArray(String[]::new))
                .param("manifest", json.writeValueAsString(manifest.document()))
                .param("capabilities", manifest.capabilities().toArray(String[]::new))
                .param("permissions", manifest.permissions().toArray(String[]::new))
                .param("by", caller.principal()).param("at", Timestamp.from(now))
                .update();
        if (status.equals("published")) {
            skills.refreshLatest(skillId);
            // An older version published later (a backported fix) does not take over the skill's description.
            if (isLatest(skillId, manifest.version().text())) {
                describe(skillId, manifest.description(), manifest.tags(), caller.principal(), now);
            }
            announce(caller.tenantId(), skillId, manifest.version().text(), caller.principal(), now);
        }
        return new Published(skillId, manifest.name(), manifest.version().text(), status, reasons,
                "/api/v1/skills/" + skillId);
    }

    /** Approves or rejects a held version (the skill's tenant, admin scope). */
    @Transactional
    Published review(Caller caller, String skillId, String version, boolean approve, @Nullable String note) {
        SkillRow skill = skills.lockOwn(caller.tenantId(), skillId);
        Skills.VersionRow row = skills.version(skillId, version)
                .orElseThrow(() -> ProblemException.notFound("version", version));
        if (!row.status().equals("held")) {
            throw ProblemException.conflict("not-held", "version " + version + " is " + row.status() + ", not held for review");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                update skill_version set status = :status,
                       review_reasons = review_reasons || array[:note]
                where skill_id = :s and version = :v
                """)
                .param("status", approve ? "published" : "rejected")
                .param("note", (approve ? "approved by " : "rejected by ") + caller.principal() + (note == null ? "" : ": " + note))
                .param("s", skillId).param("v", version).update();
        if (approve) {
            skills.refreshLatest(skillId);
            if (isLatest(skillId, version)) {
                var manifest = json.readTree(row.manifestJson());
                describe(skillId, manifest.get("description").asString(),
                        manifest.has("tags") ? manifest.get("tags").valueStream().map(n -> n.asString()).toList() : List.of(),
                        caller.principal(), now);
            }
            announce(skill.tenantId(), skillId, version, publisher(skillId, version), now);
        }
        return new Published(skillId, skill.name(), version, approve ? "published" : "rejected", List.of(),
                "/api/v1/skills/" + skillId);
    }

    private boolean isLatest(String skillId, String version) {
        return version.equals(jdbc.sql("select latest_version from skill where skill_id = :s").param("s", skillId)
                .query(String.class).optional().orElse(null));
    }

    private void createSkill(String skillId, Caller caller, Manifest manifest, Instant now) {
        int created = jdbc.sql("""
                insert into skill (skill_id, tenant_id, name, visibility, author_bot_id, published_by, description, tags,
                                   search, created_at, updated_at)
                values (:s, :t, :name, :visibility, :author, :by, :description, :tags,
                        """ + SkillSearch.DOCUMENT + """
                        , :at, :at)
                on conflict (tenant_id, name) do nothing
                """)
                .param("s", skillId).param("t", caller.tenantId()).param("name", manifest.name())
                .param("visibility", manifest.visibility()).param("author", caller.botId().orElse(null))
                .param("by", caller.principal()).param("description", manifest.description())
                .param("tags", manifest.tags().toArray(String[]::new)).param("at", Timestamp.from(now))
                .update();
        if (created == 0) {
            // Another request created the skill between our look-up and this insert.
            throw ProblemException.conflict("concurrent-publish", "skill '" + manifest.name()
                    + "' was being published by another request at the same time; publish again");
        }
    }

    /**
     * Makes {@code description} and {@code tags} the skill's current ones, keeping the previous ones in the history
     * when they differ. Downloads, installs and ratings belong to the skill, not its description: untouched.
     */
    void describe(String skillId, String description, List<String> tags, String changedBy, Instant now) {
        int changed = jdbc.sql("""
                insert into skill_description_change (skill_id, tenant_id, previous_description, previous_tags, changed_by, changed_at)
                select skill_id, tenant_id, description, tags, :by, :at from skill
                where skill_id = :s and (description <> :description or tags <> cast(:tags as text[]))
                """)
                .param("s", skillId).param("description", description).param("tags", tags.toArray(String[]::new))
                .param("by", changedBy).param("at", Timestamp.from(now)).update();
        if (changed > 0) {
            jdbc.sql("update skill set description = :description, tags = :tags, search = " + SkillSearch.DOCUMENT
                    + ", updated_at = :at where skill_id = :s")
                    .param("s", skillId).param("description", description).param("tags", tags.toArray(String[]::new))
                    .param("name", jdbc.sql("select name from skill where skill_id = :s").param("s", skillId).query(String.class).single())
                    .param("at", Timestamp.from(now)).update();
        } else {
            jdbc.sql("update skill set updated_at = :at where skill_id = :s").param("s", skillId)
                    .param("at", Timestamp.from(now)).update();
        }
    }

    private String publisher(String skillId, String version) {
        return jdbc.sql("select published_by from skill_version where skill_id = :s and version = :v")
                .param("s", skillId).param("v", version).query(String.class).single();
    }

    private void announce(String tenantId, String skillId, String version, String publishedBy, Instant now) {
        var row = jdbc.sql("select name, author_bot_id, visibility, tags from skill where skill_id = :s")
                .param("s", skillId)
                .query((rs, i) -> new SkillPublished(skillId, rs.getString(1), version, rs.getString(2), publishedBy,
                        rs.getString(3), List.of((String[]) rs.getArray(4).getArray()), now))
                .single();
        outbox.add(tenantId, row);
    }

    private static byte[] bytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
