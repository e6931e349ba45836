package io.bothub.skill.usage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.skill.SkillRated;
import io.bothub.skill.catalog.Skills;
import io.bothub.skill.leaderboard.DailyRollup;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/**
 * Ratings, 1 to 5 stars with an optional review: one per rater (a bot or a user) and skill, changeable. Only a
 * rater with a recorded install of the skill may rate it (a bot that installed it, or the user who installed it for
 * a bot). The skill's average is kept exact as an integer sum and count, changed under the skill's row lock, and
 * covers only unflagged ratings.
 */
@Service
class RatingSkills {

    record Rated(String skillId, String rater, int stars, @Nullable Integer previousStars, boolean flagged,
            @Nullable String flagReason, @Nullable Double averageRating, long ratingCount) {
    }

    record Review(String rater, int stars, @Nullable String review, Instant ratedAt) {
    }

    private record Previous(int stars, boolean flagged, Instant ratedAt) {
    }

    private final JdbcClient jdbc;
    private final Skills skills;
    private final TrustSignals trust;
    private final DailyRollup rollup;
    private final Outbox outbox;
    private final Clock clock;

    RatingSkills(JdbcClient jdbc, Skills skills, TrustSignals trust, DailyRollup rollup, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.skills = skills;
        this.trust = trust;
        this.rollup = rollup;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    Rated rate(Caller caller, String skillId, @Nullable Integer stars, @Nullable String review) {
        List<FieldProblem> errors = new ArrayList<>();
        if (stars == null || stars < 1 || stars > 5) {
            errors.add(new FieldProblem("stars", "must be a whole number from 1 to 5"));
        }
        if (review != null && review.length() > 4000) {
            errors.add(new FieldProblem("review", "must be at most 4000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // The lock serialises the ratings of one skill, so sum and count move together and stay exact.
        skills.lockVisible(caller.tenantId(), skillId);
        boolean installed = jdbc.sql("""
                select exists (select 1 from skill_install where skill_id = :s and tenant_id = :t
                               and (bot_id = :bot or installed_by = :p))
                """).param("s", skillId).param("t", caller.tenantId()).param("bot", caller.botId().orElse(""))
                .param("p", caller.principal()).query(Boolean.class).single();
        if (!installed) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "install-required", "Forbidden",
                    "only a bot or user with a recorded install of skill '" + skillId + "' may rate it");
        }
        Instant now = clock.instant();
        Optional<Previous> previous = jdbc.sql("""
                select stars, flagged, rated_at from skill_rating where skill_id = :s and tenant_id = :t and rater = :r
                for update
                """).param("s", skillId).param("t", caller.tenantId()).param("r", caller.principal())
                .query((rs, i) -> new Previous(rs.getInt(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant())).optional();
        Optional<String> flag = trust.ratingFlag(skillId, caller.tenantId(), caller.principal(), now);
        jdbc.sql("""
                insert into skill_rating (skill_id, tenant_id, rater, stars, review, flagged, flag_reason, rated_at)
                values (:s, :t, :r, :stars, :review, :flagged, :reason, :at)
                on conflict (skill_id, tenant_id, rater) do update set stars = excluded.stars, review = excluded.review,
                    flagged = excluded.flagged, flag_reason = excluded.flag_reason, rated_at = excluded.rated_at
                """)
                .param("s", skillId).param("t", caller.tenantId()).param("r", caller.principal()).param("stars", stars)
                .param("review", review).param("flagged", flag.isPresent()).param("reason", flag.orElse(null))
                .param("at", Timestamp.from(now)).update();
        long sumDelta = 0;
        long countDelta = 0;
        if (previous.isPresent() && !previous.get().flagged()) {
            sumDelta -= previous.get().stars();
            countDelta -= 1;
            // The earlier rating leaves the day it was given: a period counts each rater's current rating once.
            rollup.add(skillId, DailyRollup.day(previous.get().ratedAt()), 0, 0, -previous.get().stars(), -1);
        }
        if (flag.isEmpty()) {
            sumDelta += stars;
            countDelta += 1;
            rollup.add(skillId, DailyRollup.day(now), 0, 0, stars, 1);
        }
        record Average(long sum, long count) {
        }
        Average average = jdbc.sql("""
                update skill set rating_sum = rating_sum + :sum, rating_count = rating_count + :count
                where skill_id = :s returning rating_sum, rating_count
                """).param("sum", sumDelta).param("count", countDelta).param("s", skillId)
                .query((rs, i) -> new Average(rs.getLong(1), rs.getLong(2))).single();
        Double mean = average.count() == 0 ? null : (double) average.sum() / average.count();
        Integer before = previous.map(Previous::stars).orElse(null);
        outbox.add(caller.tenantId(), new SkillRated(skillId, caller.principal(), stars, before,
                mean == null ? 0 : mean, average.count(), now));
        return new Rated(skillId, caller.principal(), stars, before, flag.isPresent(), flag.orElse(null), mean,
                average.count());
    }

    /** The skill's unflagged reviews, newest first. */
    List<Review> reviews(String tenantId, String skillId, int page, int size) {
        skills.visible(tenantId, skillId).orElseThrow(() -> ProblemException.notFound("skill", skillId));
        return jdbc.sql("""
                select rater, stars, review, rated_at, tenant_id = :t from skill_rating where skill_id = :s and not flagged
                order by rated_at desc, rater limit :limit offset :offset
                """).param("s", skillId).param("t", tenantId).param("limit", size).param("offset", (long) page * size)
                // Who in another tenant rated is that tenant's business: only the kind of rater is shown.
                .query((rs, i) -> new Review(rs.getBoolean(5) ? rs.getString(1) : rs.getString(1).replaceFirst(":.*", ":(another tenant)"),
                        rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }
}
