package io.bothub.skill.leaderboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.bothub.skill.SkillSettings;
import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/**
 * Leaderboards of skills by downloads, installs or rating, over the current UTC day, the last 7 days, the last 30
 * days (each including today) or all time. Counts are those within the window, never all-time ones, and exclude
 * flagged records. They are precomputed: every {@code refresh-interval} one replica (the one holding an advisory
 * lock) adds up the daily rollup per period and keeps the top {@code depth} entries of each metric for the public
 * skills and for each tenant's private ones; a request reads at most two short ranked lists and merges them. The
 * answer says when it was computed. A board read is kept in memory for {@link #KEPT}: boards change only when they
 * are recomputed (every minute by default), so a popular board is served without a database round trip; this
 * replica's own refresh, and a tenant's deletion, drop what it kept at once.
 */
@Service
public class Leaderboards {

    public static final List<String> PERIODS = List.of("day", "week", "month", "all");
    public static final List<String> METRICS = List.of("downloads", "rating", "installs");
    private static final Logger log = LoggerFactory.getLogger(Leaderboards.class);
    /** pg_try_advisory_xact_lock key: one refresher at a time across replicas. */
    private static final long REFRESH_LOCK = 0x5ce11_1ead_b0a4dL;
    /** How long a board read stays in memory: what another replica's refresh may take to show here. */
    static final Duration KEPT = Duration.ofSeconds(2);

    /** One ranked skill with its figures within the period. */
    public record Entry(int rank, String skillId, String name, @Nullable String authorBotId, String visibility,
            double value, long downloads, long installs, @Nullable Double rating, long ratingCount) {
    }

    public record Board(String period, String metric, @Nullable Instant computedAt, List<Entry> items) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SkillSettings.Leaderboard settings;
    private final Clock clock;
    private final Cache<BoardKey, Board> kept = Caffeine.newBuilder().expireAfterWrite(KEPT).maximumSize(10_000).build();

    private record BoardKey(String tenantId, String period, String metric, int top) {
    }

    Leaderboards(JdbcClient jdbc, TransactionTemplate transactions, SkillSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings.leaderboard();
        this.clock = clock;
    }

    public Board read(String tenantId, @Nullable String period, @Nullable String metric, @Nullable Integer top) {
        String p = period == null ? "week" : period.toLowerCase(Locale.ROOT);
        String m = metric == null ? "downloads" : metric.toLowerCase(Locale.ROOT);
        int n = top == null ? 10 : top;
        List<FieldProblem> errors = new ArrayList<>();
        if (!PERIODS.contains(p)) {
            errors.add(new FieldProblem("period", "must be one of " + String.join(", ", PERIODS)));
        }
        if (!METRICS.contains(m)) {
            errors.add(new FieldProblem("metric", "must be one of " + String.join(", ", METRICS)));
        }
        if (n < 1 || n > settings.depth()) {
            errors.add(new FieldProblem("top", "must be between 1 and " + settings.depth()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return kept.get(new BoardKey(tenantId, p, m, n), this::load);
    }

    private Board load(BoardKey key) {
        String p = key.period();
        String m = key.metric();
        int n = key.top();
        // The public board and the tenant's private one, each already ranked: the first n of their merge.
        List<Entry> merged = new ArrayList<>(jdbc.sql("""
                select e.rank, e.skill_id, s.name, s.author_bot_id, s.visibility, e.value, e.downloads, e.installs,
                       e.rating_sum::float8 / nullif(e.rating_count, 0), e.rating_count
                from leaderboard_entry e join skill s on s.skill_id = e.skill_id
                where e.period = :p and e.metric = :m and e.scope in ('public', :t) and e.rank <= :n
                """).param("p", p).param("m", m).param("t", key.tenantId()).param("n", n)
                .query((rs, i) -> new Entry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getDouble(6), rs.getLong(7), rs.getLong(8), rs.getObject(9, Double.class),
                        rs.getLong(10)))
                .list());
        merged.sort(Comparator.comparingDouble(Entry::value).reversed()
                .thenComparing(Comparator.comparingLong(Entry::ratingCount).reversed())
                .thenComparing(Entry::skillId));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(n, merged.size()); i++) {
            Entry e = merged.get(i);
            ranked.add(new Entry(i + 1, e.skillId(), e.name(), e.authorBotId(), e.visibility(), e.value(), e.downloads(),
                    e.installs(), e.rating(), e.ratingCount()));
        }
        Instant computedAt = jdbc.sql("select computed_at from leaderboard_refresh where id = 1").query(Timestamp.class)
                .optional().map(Timestamp::toInstant).orElse(null);
        return new Board(p, m, computedAt, ranked);
    }

    /** Recomputes every board, unless another replica is doing so right now; true if this one did. */
    public boolean refresh() {
        long started = System.nanoTime();
        Boolean done = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:k)").param("k", REFRESH_LOCK)
                    .query(Boolean.class).single())) {
                return false;
            }
            Instant now = clock.instant();
            LocalDate today = DailyRollup.day(now);
            jdbc.sql("delete from leaderboard_entry").update();
            rank("day", today);
            rank("week", today.minusDays(6));
            rank("month", today.minusDays(29));
            rank("all", null);
            jdbc.sql("""
                    insert into leaderboard_refresh (id, computed_at) values (1, :at)
                    on conflict (id) do update set computed_at = excluded.computed_at
                    """).param("at", Timestamp.from(now)).update();
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            kept.invalidateAll();
        }
        log.debug("leaderboards refreshed in {} ms", (System.nanoTime() - started) / 1_000_000);
        return Boolean.TRUE.equals(done);
    }

    /** A deleted tenant's skills leave every board this replica kept, not only the stored ones. */
    @EventListener
    void on(TenantDataDeletion.TenantErased erased) {
        kept.invalidateAll();
    }

    /**
     * Ranks the skills of one period from {@code from} on (all time when null). Only listed skills (with a
     * published version) are ranked; a skill needs {@code min-ratings} ratings in the period to rank by rating.
     */
    private void rank(String period, @Nullable LocalDate from) {
        String totals = from == null
                ? "select skill_id, downloads, installs, rating_sum, rating_count from skill"
                : """
                  select skill_id, sum(downloads)::bigint as downloads, sum(installs)::bigint as installs,
                         sum(rating_sum)::bigint as rating_sum, sum(rating_count)::bigint as rating_count
                  from skill_daily where day >= :from group by skill_id""";
        var statement = jdbc.sql("""
                insert into leaderboard_entry (period, metric, scope, rank, skill_id, value, downloads, installs,
                                               rating_sum, rating_count)
                with totals as (""" + totals + """
                ), scoped as (
                    select t.*, case when s.visibility = 'public' then 'public' else s.tenant_id end as scope
                    from totals t join skill s on s.skill_id = t.skill_id
                    where s.latest_version is not null
                ), scored as (
                    select 'downloads' as metric, scoped.*, downloads::float8 as value from scoped where downloads > 0
                    union all
                    select 'installs', scoped.*, installs::float8 from scoped where installs > 0
                    union all
                    select 'rating', scoped.*, rating_sum::float8 / rating_count from scoped
                    where rating_count > 0 and rating_count >= :minRatings
                ), ranked as (
                    select scored.*, row_number() over (partition by metric, scope
                                                        order by value desc, rating_count desc, skill_id) as rank
                    from scored
                )
                select :period, metric, scope, rank, skill_id, value, downloads, installs, rating_sum, rating_count
                from ranked where rank <= :depth
                """)
                .param("period", period).param("minRatings", settings.minRatings()).param("depth", settings.depth());
        if (from != null) {
            statement = statement.param("from", from);
        }
        statement.update();
    }
}
