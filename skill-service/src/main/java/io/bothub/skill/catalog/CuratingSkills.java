package io.bothub.skill.catalog;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.skill.catalog.Skills.SkillRow;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/**
 * What a skill's owner does after publishing: edit its description and tags (the previous ones are kept, and the
 * skill keeps its downloads and ratings), deprecate it (still installable, marked so), and yank a version (no new
 * installs; bots that installed it keep it; the latest version falls back to the highest one left).
 */
@Service
class CuratingSkills {

    private final JdbcClient jdbc;
    private final Skills skills;
    private final PublishingSkills publishing;
    private final Clock clock;

    CuratingSkills(JdbcClient jdbc, Skills skills, PublishingSkills publishing, Clock clock) {
        this.jdbc = jdbc;
        this.skills = skills;
        this.publishing = publishing;
        this.clock = clock;
    }

    /** A change of description and tags; null leaves one as it is. */
    record Edit(@Nullable String description, @Nullable List<String> tags) {
    }

    @Transactional
    void edit(Caller caller, String skillId, Edit edit) {
        SkillRow skill = skills.lockOwn(caller.tenantId(), skillId);
        Skills.requireMayChange(caller, skill);
        List<FieldProblem> errors = new ArrayList<>();
        if (edit.description() != null && (edit.description().isBlank() || edit.description().length() > 4000)) {
            errors.add(new FieldProblem("description", "must be 1-4000 characters"));
        }
        if (edit.tags() != null) {
            if (edit.tags().size() > 20) {
                errors.add(new FieldProblem("tags", "must hold at most 20 tags"));
            }
            for (int i = 0; i < edit.tags().size(); i++) {
                String tag = edit.tags().get(i);
                if (tag == null || !tag.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._+#-]{0,39}")) {
                    errors.add(new FieldProblem("tags[" + i + "]",
                            "must be 1-40 letters, digits, spaces or . _ + # -, starting with a letter or digit"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        record Current(String description, List<String> tags) {
        }
        Current current = jdbc.sql("select description, tags from skill where skill_id = :s").param("s", skillId)
                .query((rs, i) -> new Current(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()))).single();
        publishing.describe(skillId, edit.description() == null ? current.description() : edit.description().strip(),
                edit.tags() == null ? current.tags() : edit.tags().stream().distinct().toList(), caller.principal(),
                clock.instant());
    }

    @Transactional
    void deprecate(Caller caller, String skillId, boolean deprecated, @Nullable String message) {
        SkillRow skill = skills.lockOwn(caller.tenantId(), skillId);
        Skills.requireMayChange(caller, skill);
        jdbc.sql("update skill set deprecated = :d, deprecation_message = :m, updated_at = :at where skill_id = :s")
                .param("d", deprecated).param("m", deprecated ? message : null)
                .param("at", Timestamp.from(clock.instant())).param("s", skillId).update();
    }

    @Transactional
    void yank(Caller caller, String skillId, String version) {
        SkillRow skill = skills.lockOwn(caller.tenantId(), skillId);
        Skills.requireMayChange(caller, skill);
        Skills.VersionRow row = skills.version(skillId, version).orElseThrow(() -> ProblemException.notFound("version", version));
        if (!row.status().equals("published")) {
            throw ProblemException.conflict("not-published", "version " + version + " is " + row.status() + "; only a published version can be yanked");
        }
        jdbc.sql("update skill_version set status = 'yanked' where skill_id = :s and version = :v")
                .param("s", skillId).param("v", version).update();
        skills.refreshLatest(skillId);
    }
}
