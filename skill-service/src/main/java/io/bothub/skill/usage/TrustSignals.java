package io.bothub.skill.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.skill.SkillSettings;

/**
 * What makes a download, install or rating look inflated: a burst of them for one skill from one tenant (more than
 * {@code burst-limit} within {@code burst-window}), or, for a rating, a rater the marketplace first saw less than
 * {@code min-rater-age} ago. Flagged records are kept (an honest burst can be cleared later) but count nowhere:
 * not in the skill's counters or average, not in any leaderboard.
 */
@Component
class TrustSignals {

    private final JdbcClient jdbc;
    private final SkillSettings.Trust settings;

    TrustSignals(JdbcClient jdbc, SkillSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings.trust();
    }

    /** Remembers when the marketplace first saw {@code principal} of {@code tenantId}. */
    void seen(String tenantId, String principal, Instant now) {
        jdbc.sql("""
                insert into marketplace_principal (tenant_id, principal, first_seen) values (:t, :p, :at)
                on conflict do nothing
                """).param("t", tenantId).param("p", principal).param("at", Timestamp.from(now)).update();
    }

    boolean downloadBurst(String skillId, String tenantId, Instant now) {
        return recent("select count(*) from skill_download where skill_id = :s and tenant_id = :t and downloaded_at > :since",
                skillId, tenantId, now);
    }

    boolean installBurst(String skillId, String tenantId, Instant now) {
        return recent("select count(*) from skill_install where skill_id = :s and tenant_id = :t and installed_at > :since",
                skillId, tenantId, now);
    }

    /** Why a rating by {@code rater} looks inflated, if it does. */
    Optional<String> ratingFlag(String skillId, String tenantId, String rater, Instant now) {
        Optional<Instant> firstSeen = jdbc.sql("select first_seen from marketplace_principal where tenant_id = :t and principal = :p")
                .param("t", tenantId).param("p", rater).query(Timestamp.class).optional().map(Timestamp::toInstant);
        if (firstSeen.isEmpty() || firstSeen.get().isAfter(now.minus(settings.minRaterAge()))) {
            return Optional.of("brand-new rater (first seen less than " + settings.minRaterAge() + " ago)");
        }
        if (recent("select count(*) from skill_rating where skill_id = :s and tenant_id = :t and rated_at > :since and rater <> :r",
                skillId, tenantId, now, rater)) {
            return Optional.of("burst of ratings from one tenant");
        }
        return Optional.empty();
    }

    private boolean recent(String count, String skillId, String tenantId, Instant now, String... rater) {
        var statement = jdbc.sql(count).param("s", skillId).param("t", tenantId)
                .param("since", Timestamp.from(now.minus(settings.burstWindow())));
        if (rater.length > 0) {
            statement = statement.param("r", rater[0]);
        }
        return statement.query(Long.class).single() >= settings.burstLimit();
    }
}
