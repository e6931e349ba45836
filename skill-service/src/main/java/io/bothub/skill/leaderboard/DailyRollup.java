package io.bothub.skill.leaderboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-skill, per-UTC-day totals of unflagged downloads, installs and ratings. Each record adds to its day in
 * the transaction that writes the record, so the rollup is never behind; a leaderboard of a period adds up that
 * period's days instead of scanning millions of records.
 */
@Repository
public class DailyRollup {

    private final JdbcClient jdbc;

    DailyRollup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Adds to the skill's totals of {@code day}; negative amounts take a changed rating back out. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String skillId, LocalDate day, long downloads, long installs, long ratingSum, long ratingCount) {
        jdbc.sql("""
                insert into skill_daily (skill_id, day, tenant_id, downloads, installs, rating_sum, rating_count)
                select skill_id, :day, tenant_id, :d, :i, :rs, :rc from skill where skill_id = :s
                on conflict (skill_id, day) do update set
                    downloads = skill_daily.downloads + excluded.downloads,
                    installs = skill_daily.installs + excluded.installs,
                    rating_sum = skill_daily.rating_sum + excluded.rating_sum,
                    rating_count = skill_daily.rating_count + excluded.rating_count
                """)
                .param("s", skillId).param("day", day).param("d", downloads).param("i", installs)
                .param("rs", ratingSum).param("rc", ratingCount).update();
    }

    /**
     * Recomputes the whole rollup, and the skills' exact counters, from the records themselves: for a bulk import
     * of records written around the service, or to repair after a manual correction. Flagged records stay out.
     */
    @Transactional
    public void rebuild() {
        // Millions of records are grouped in memory rather than in temporary files; for this transaction only.
        jdbc.sql("set local work_mem = '256MB'").update();
        jdbc.sql("truncate skill_daily").update();
        jdbc.sql("""
                insert into skill_daily (skill_id, day, tenant_id, downloads, installs, rating_sum, rating_count)
                select r.skill_id, r.day, s.tenant_id, sum(r.downloads), sum(r.installs), sum(r.rating_sum), sum(r.rating_count)
                from (select skill_id, (downloaded_at at time zone 'UTC')::date as day, count(*) as downloads,
                             0::bigint as installs, 0::bigint as rating_sum, 0::bigint as rating_count
                      from skill_download where not flagged group by 1, 2
                      union all
                      select skill_id, (installed_at at time zone 'UTC')::date, 0, count(*), 0, 0
                      from skill_install where not flagged group by 1, 2
                      union all
                      select skill_id, (rated_at at time zone 'UTC')::date, 0, 0, sum(stars), count(*)
                      from skill_rating where not flagged group by 1, 2) r
                join skill s on s.skill_id = r.skill_id
                group by r.skill_id, r.day, s.tenant_id
                """).update();
        jdbc.sql("""
                update skill s set downloads = coalesce(t.downloads, 0), installs = coalesce(t.installs, 0),
                                   rating_sum = coalesce(t.rating_sum, 0), rating_count = coalesce(t.rating_count, 0)
                from skill k left join (select skill_id, sum(downloads) downloads, sum(installs) installs,
                                               sum(rating_sum) rating_sum, sum(rating_count) rating_count
                                        from skill_daily group by skill_id) t on t.skill_id = k.skill_id
                where s.skill_id = k.skill_id
                """).update();
        jdbc.sql("update skill set flagged_downloads = 0 where flagged_downloads <> 0").update();
        jdbc.sql("""
                update skill s set flagged_downloads = f.n
                from (select skill_id, count(*) as n from skill_download where flagged group by skill_id) f
                where s.skill_id = f.skill_id
                """).update();
    }
}
