package io.bothub.skill.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/**
 * Finds listed skills a tenant may see (public ones and its own private ones) by text, tag, author bot and
 * capability. Text search is PostgreSQL full-text search over the name and tags (weighted higher) and the
 * description, with web-search syntax ({@code "exact phrase"}, {@code -excluded}, {@code or}); every filter is
 * served by an index (GIN on the document of public skills and on that of private ones, on tags and capabilities).
 */
@Repository
class SkillSearch {

    /** The full-text document of a skill; the statement binds :name, :tags and :description. */
    static final String DOCUMENT = "setweight(to_tsvector('english', :name || ' ' || array_to_string(cast(:tags as text[]), ' ')), 'A')"
            + " || setweight(to_tsvector('english', :description), 'B')";

    static final List<String> SORTS = List.of("relevance", "downloads", "rating", "recent");

    /** One hit. */
    record SkillSummary(String skillId, String name, String description, List<String> tags, List<String> capabilities,
            @Nullable String authorBotId, String visibility, String latestVersion, boolean deprecated, long downloads,
            long installs, @Nullable Double rating, long ratingCount, Instant updatedAt) {
    }

    /** A page of hits; {@code hasMore} when another page follows. */
    record Page(List<SkillSummary> items, int page, int size, boolean hasMore) {
    }

    private final JdbcClient jdbc;

    SkillSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page search(String tenantId, @Nullable String text, @Nullable String tag, @Nullable String author,
            @Nullable String capability, @Nullable String sort, int page, int size) {
        List<FieldProblem> errors = new ArrayList<>();
        boolean hasText = text != null && !text.isBlank();
        String order = sort == null ? (hasText ? "relevance" : "downloads") : sort.toLowerCase(Locale.ROOT);
        if (!SORTS.contains(order)) {
            errors.add(new FieldProblem("sort", "must be one of " + String.join(", ", SORTS)));
        } else if (order.equals("relevance") && !hasText) {
            errors.add(new FieldProblem("sort", "relevance needs a text query (q)"));
        }
        if (page < 0) {
            errors.add(new FieldProblem("page", "must be 0 or more"));
        }
        if (size < 1 || size > 100) {
            errors.add(new FieldProblem("size", "must be between 1 and 100"));
        }
        if (text != null && text.length() > 200) {
            errors.add(new FieldProblem("q", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // A tag, capability or author pins a small set, best found through its index and then sorted. Walking the
        // sort column's index instead and filtering (what the planner tends to pick, assuming matches are spread
        // evenly) reads a large part of the table for a rare tag; "+ 0" keeps that index out of the plan.
        boolean pinned = blankToNull(tag) != null || blankToNull(capability) != null || blankToNull(author) != null;
        String noIndex = pinned ? " + 0" : "";
        String orderBy = switch (order) {
            case "relevance" -> "ts_rank_cd(s.search, query) desc, s.downloads desc, s.skill_id";
            case "rating" -> "(s.rating_sum::float8 / nullif(s.rating_count, 0))" + noIndex + " desc nulls last, s.skill_id";
            case "recent" -> "s.updated_at" + (pinned ? " + interval '0 seconds'" : "") + " desc, s.skill_id";
            default -> "s.downloads" + noIndex + " desc, s.skill_id";
        };
        // Only the filters asked for go into the statement, so each shape gets the plan (and index) that fits it.
        // With text, each side of the visibility test carries the match, so the public side is answered by the index
        // over public skills alone and the private side by the private index and the tenant (V2): no other tenant's
        // match is read.
        StringBuilder where = new StringBuilder(hasText
                ? "s.latest_version is not null and ((s.visibility = 'public' and s.search @@ query)"
                        + " or (s.visibility = 'private' and s.tenant_id = :t and s.search @@ query))"
                : "s.latest_version is not null and (s.visibility = 'public' or s.tenant_id = :t)");
        if (blankToNull(tag) != null) {
            where.append(" and s.tags @> array[cast(:tag as text)]");
        }
        if (blankToNull(capability) != null) {
            where.append(" and s.capabilities @> array[cast(:capability as text)]");
        }
        if (blankToNull(author) != null) {
            where.append(" and s.author_bot_id = :author");
        }
        String columns = """
                select s.skill_id, s.name, s.description, s.tags, s.capabilities, s.author_bot_id, s.visibility,
                       s.latest_version, s.deprecated, s.downloads, s.installs,
                       s.rating_sum::float8 / nullif(s.rating_count, 0), s.rating_count, s.updated_at
                """;
        String sql = order.equals("relevance")
                // Every match is ranked (a common word: thousands); sorting just the id, rank and downloads of each
                // and reading the whole row of the page's skills only costs less than carrying every column along.
                ? "with hit as (select s.skill_id, ts_rank_cd(s.search, query) as rank, s.downloads"
                        + " from skill s, websearch_to_tsquery('english', :q) query where " + where
                        + " order by 2 desc, 3 desc, 1 limit :limit offset :offset) "
                        + columns + " from hit join skill s on s.skill_id = hit.skill_id"
                        + " order by hit.rank desc, hit.downloads desc, hit.skill_id"
                : columns + " from skill s" + (hasText ? ", websearch_to_tsquery('english', :q) query" : "")
                        + " where " + where + " order by " + orderBy + " limit :limit offset :offset";
        var statement = jdbc.sql(sql)
                .param("t", tenantId).param("limit", size + 1).param("offset", (long) page * size);
        if (hasText) {
            statement = statement.param("q", text);
        }
        if (blankToNull(tag) != null) {
            statement = statement.param("tag", blankToNull(tag));
        }
        if (blankToNull(capability) != null) {
            statement = statement.param("capability", blankToNull(capability));
        }
        if (blankToNull(author) != null) {
            statement = statement.param("author", blankToNull(author));
        }
        List<SkillSummary> rows = statement
                .query((rs, i) -> new SkillSummary(rs.getString(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), List.of((String[]) rs.getArray(5).getArray()),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getLong(10),
                        rs.getLong(11), rs.getObject(12, Double.class), rs.getLong(13), rs.getTimestamp(14).toInstant()))
                .list();
        boolean more = rows.size() > size;
        return new Page(more ? rows.subList(0, size) : rows, page, size, more);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
