package io.bothub.skill.catalog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.bothub.support.web.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A skill's page: its details, its versions, a version's manifest, and its description history. */
@Repository
class SkillQueries {

    record VersionSummary(String version, String status, List<String> reviewReasons, List<String> capabilities,
            List<String> permissions, String publishedBy, Instant publishedAt) {
    }

    record SkillDetails(String skillId, String name, String description, List<String> tags, List<String> capabilities,
            String visibility, @Nullable String authorBotId, String publishedBy, @Nullable String latestVersion,
            boolean deprecated, @Nullable String deprecationMessage, long downloads, long installs,
            long flaggedDownloads, @Nullable Double rating, long ratingCount, Instant createdAt, Instant updatedAt,
            List<VersionSummary> versions) {
    }

    record DescriptionChange(String previousDescription, List<String> previousTags, String changedBy, Instant changedAt) {
    }

    private final JdbcClient jdbc;
    private final Skills skills;
    private final JsonMapper json = JsonMapper.builder().build();

    SkillQueries(JdbcClient jdbc, Skills skills) {
        this.jdbc = jdbc;
        this.skills = skills;
    }

    /**
     * The skill as {@code tenantId} sees it. The owner sees every version with its review state; another tenant
     * sees only the published and yanked ones, and a skill with none of those not at all.
     */
    SkillDetails details(String tenantId, String skillId) {
        Skills.SkillRow skill = skills.visible(tenantId, skillId).filter(s -> s.ownedBy(tenantId) || s.latestVersion() != null)
                .orElseThrow(() -> ProblemException.notFound("skill", skillId));
        boolean owner = skill.ownedBy(tenantId);
        List<VersionSummary> versions = jdbc.sql("""
                select version, status, review_reasons, capabilities, permissions, published_by, published_at
                from skill_version where skill_id = :s and (:owner or status in ('published', 'yanked'))
                order by major desc, minor desc, patch desc, (prerelease is null) desc, prerelease desc
                """).param("s", skillId).param("owner", owner)
                .query((rs, i) -> new VersionSummary(rs.getString(1), rs.getString(2),
                        owner ? List.of((String[]) rs.getArray(3).getArray()) : List.of(),
                        List.of((String[]) rs.getArray(4).getArray()), List.of((String[]) rs.getArray(5).getArray()),
                        rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
        return jdbc.sql("""
                select skill_id, name, description, tags, capabilities, visibility, author_bot_id, published_by,
                       latest_version, deprecated, deprecation_message, downloads, installs, flagged_downloads,
                       rating_sum::float8 / nullif(rating_count, 0), rating_count, created_at, updated_at
                from skill where skill_id = :s
                """).param("s", skillId)
                .query((rs, i) -> new SkillDetails(rs.getString(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), List.of((String[]) rs.getArray(5).getArray()),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10),
                        rs.getString(11), rs.getLong(12), rs.getLong(13), owner ? rs.getLong(14) : 0,
                        rs.getObject(15, Double.class), rs.getLong(16), rs.getTimestamp(17).toInstant(),
                        rs.getTimestamp(18).toInstant(), versions))
                .single();
    }

    /** A version's whole manifest (content included), without counting a download. */
    JsonNode manifest(String tenantId, String skillId, String version) {
        Skills.SkillRow skill = skills.visible(tenantId, skillId).orElseThrow(() -> ProblemException.notFound("skill", skillId));
        Skills.VersionRow row = skills.version(skillId, version)
                .filter(v -> skill.ownedBy(tenantId) || v.status().equals("published") || v.status().equals("yanked"))
                .orElseThrow(() -> ProblemException.notFound("version", version));
        return json.readTree(row.manifestJson());
    }

    List<DescriptionChange> history(String tenantId, String skillId) {
        skills.visible(tenantId, skillId).orElseThrow(() -> ProblemException.notFound("skill", skillId));
        return jdbc.sql("""
                select previous_description, previous_tags, changed_by, changed_at from skill_description_change
                where skill_id = :s order by id desc
                """).param("s", skillId)
                .query((rs, i) -> new DescriptionChange(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }
}
