package io.bothub.skill.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.bothub.support.web.Caller;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/**
 * The skills table as the other features see it. A skill is visible to a tenant when it is public or the
 * tenant's own; anything else is answered as not found, exactly like a skill that does not exist.
 */
@Repository
public class Skills {

    /** The parts of a skill that decide who may do what with it. */
    public record SkillRow(String skillId, String tenantId, String name, String visibility, @Nullable String authorBotId,
            @Nullable String latestVersion, boolean deprecated) {

        public boolean ownedBy(String tenantId) {
            return this.tenantId.equals(tenantId);
        }
    }

    /** One version's state. */
    public record VersionRow(String version, String status, List<String> capabilities, String manifestJson) {
    }

    private static final String COLUMNS = "skill_id, tenant_id, name, visibility, author_bot_id, latest_version, deprecated";

    private final JdbcClient jdbc;

    Skills(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The skill if {@code tenantId} may see it. */
    public Optional<SkillRow> visible(String tenantId, String skillId) {
        return jdbc.sql("select " + COLUMNS + " from skill where skill_id = :s and (visibility = 'public' or tenant_id = :t)")
                .param("s", skillId).param("t", tenantId).query(Skills::row).optional();
    }

    /** The visible skill, its row locked for the rest of the transaction; 404 otherwise. */
    public SkillRow lockVisible(String tenantId, String skillId) {
        return jdbc.sql("select " + COLUMNS + " from skill where skill_id = :s and (visibility = 'public' or tenant_id = :t) for update")
                .param("s", skillId).param("t", tenantId).query(Skills::row).optional()
                .orElseThrow(() -> ProblemException.notFound("skill", skillId));
    }

    /** The tenant's own skill, locked; 404 for another tenant's, public or not: only the owner changes a skill. */
    public SkillRow lockOwn(String tenantId, String skillId) {
        return jdbc.sql("select " + COLUMNS + " from skill where skill_id = :s and tenant_id = :t for update")
                .param("s", skillId).param("t", tenantId).query(Skills::row).optional()
                .orElseThrow(() -> ProblemException.notFound("skill", skillId));
    }

    public Optional<SkillRow> lockByName(String tenantId, String name) {
        return jdbc.sql("select " + COLUMNS + " from skill where tenant_id = :t and name = :n for update")
                .param("t", tenantId).param("n", name).query(Skills::row).optional();
    }

    public Optional<VersionRow> version(String skillId, String version) {
        return jdbc.sql("select version, status, capabilities, manifest::text from skill_version where skill_id = :s and version = :v")
                .param("s", skillId).param("v", version)
                .query((rs, i) -> new VersionRow(rs.getString(1), rs.getString(2),
                        List.of((String[]) rs.getArray(3).getArray()), rs.getString(4)))
                .optional();
    }

    /**
     * Sets the skill's latest version to its highest published one (null when none is), and takes that version's
     * capabilities. Call after any change of a version's status.
     */
    public void refreshLatest(String skillId) {
        jdbc.sql("""
                update skill s set latest_version = v.version, capabilities = coalesce(v.capabilities, s.capabilities)
                from (select :s as skill_id) k
                left join lateral (select version, capabilities from skill_version
                                   where skill_id = :s and status = 'published'
                                   order by major desc, minor desc, patch desc, (prerelease is null) desc, prerelease desc
                                   limit 1) v on true
                where s.skill_id = k.skill_id
                """).param("s", skillId).update();
    }

    /**
     * Who may change a skill: its author bot as itself, or a user or agent of the skill's tenant with the skills
     * scope (admin implies it). Another bot is refused even with the skills scope: a bot acts only as itself.
     */
    public static void requireMayChange(Caller caller, SkillRow skill) {
        if (caller.isBot()) {
            if (skill.authorBotId() == null || !caller.botId().orElseThrow().equals(skill.authorBotId())) {
                throw new ProblemException(HttpStatus.FORBIDDEN, "not-author", "Forbidden",
                        "only the skill's author bot, or a user with the 'skills' scope, may change skill '" + skill.skillId() + "'");
            }
        } else {
            caller.require(Scopes.SKILLS);
        }
    }

    /** Reading the marketplace takes config_read, skills (or admin, which implies both), or being a bot. */
    public static void requireReader(Caller caller) {
        if (!caller.has(Scopes.CONFIG_READ) && !caller.has(Scopes.SKILLS)
                && !(caller.isBot() && caller.has(Scopes.BOT))) {
            caller.require(Scopes.CONFIG_READ);
        }
    }

    private static SkillRow row(ResultSet rs, int i) throws SQLException {
        return new SkillRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7));
    }
}
