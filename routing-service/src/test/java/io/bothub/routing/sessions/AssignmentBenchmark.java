package io.bothub.routing.sessions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.routing.fleet.FleetBot;
import io.bothub.routing.fleet.Ranking;
import io.bothub.routing.fleet.Strategy;
import io.bothub.testsupport.WithRealInfrastructure;

/**
 * Assignments per second and decision latency for a fleet of 1,000 bots, through the real path (fleet view, seat in
 * Redis, session row, explanation and event in PostgreSQL), next to the same selection in memory with no
 * coordination: the floor the coordinated path is paid against.
 *
 * <p>{@code ./bothub bench routing-service -Dtest=AssignmentBenchmark -Dbench.bots=1000 -Dbench.sessions=20000
 * -Dbench.threads=16} ({@code -Dbench.warmup=} openings before measuring; half the measured ones, at most 10,000)
 */
@Tag("benchmark")
@SpringBootTest
@WithRealInfrastructure
class AssignmentBenchmark {

    @Autowired Assignments assignments;
    @Autowired JdbcClient jdbc;

    private final int bots = Integer.getInteger("bench.bots", 1000);
    private final int sessions = Integer.getInteger("bench.sessions", 20_000);
    private final int threads = Integer.getInteger("bench.threads", 16);
    private final int maxSessions = 50;

    @Test
    void assignmentsPerSecondForAThousandBots() throws Exception {
        String tenant = "bench-" + UUID.randomUUID();
        jdbc.sql("""
                insert into fleet_bot (tenant_id, bot_id, name, group_id, capabilities, max_concurrent_sessions, weight,
                                       status, updated_at)
                select :tenant, 'bot-' || n, 'bot-' || n, 'support', '{chat}', :max, 100, 'online', now()
                from generate_series(1, :bots) n
                """).param("tenant", tenant).param("max", maxSessions).param("bots", bots).update();
        System.out.printf("fleet: %d online bots of %d seats each (%d seats), %d threads%n", bots, maxSessions,
                bots * maxSessions, threads);

        // Long enough for the JIT: after 2,000 openings the compiler threads still took half of this JVM's CPU during
        // the measured phase (JFR's per-thread CPU), and the figures measured the compiler more than the path.
        run(tenant, "warm-up", Integer.getInteger("bench.warmup", Math.min(10_000, sessions / 2)));
        // The database was created seconds ago: its tables were empty when last analyzed, and plans cached for empty
        // tables scan them whole once they are not. A database in service has statistics (autovacuum analyzes a table
        // within a minute of it growing); measure that state, not the first minute of a new database.
        jdbc.sql("analyze").update();
        long[] before = assignments.openingBatches();
        long cpuBefore = processCpuNanos();
        long[] othersBefore = otherProcessesCpuNanos();
        long[] latencies = run(tenant, "measured", sessions);
        long cpu = processCpuNanos() - cpuBefore;
        long[] othersAfter = otherProcessesCpuNanos();
        long[] after = assignments.openingBatches();
        System.out.printf("batches: %d, %.1f sessions per batch on average%n", after[0] - before[0],
                (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0]));
        // The machine is shared: this JVM's own CPU per assignment (the service, the embedded Kafka broker, the
        // benchmark's threads) is steadier than the rate. PostgreSQL's and Redis's share is not in it.
        System.out.printf("CPU of this JVM: %.3f ms per assignment%n", cpu / 1e6 / sessions);
        // The rest of what an assignment costs the machine: this test database's PostgreSQL backends (not the other
        // databases' nor PostgreSQL's shared background processes) and redis-server (shared with anything else using
        // it, so an upper bound). Linux only; elsewhere both read 0.
        System.out.printf("CPU of this database's PostgreSQL backends: %.3f ms per assignment; of redis-server: %.3f ms%n",
                (othersAfter[0] - othersBefore[0]) / 1e6 / sessions, (othersAfter[1] - othersBefore[1]) / 1e6 / sessions);

        int over = jdbc.sql("""
                select count(*) from (select bot_id from session where tenant_id = :tenant and status = 'assigned'
                group by bot_id having count(*) > :max) over_max
                """).param("tenant", tenant).param("max", maxSessions).query(Integer.class).single();
        System.out.printf("bots over their maximum: %d%n", over);

        floor(latencies.length, false);
        floor(latencies.length, true);
    }

    private long[] run(String tenant, String phase, int count) throws Exception {
        long[] latencies = new long[count];
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int worker = t;
                done.add(pool.submit(() -> {
                    for (int i = worker; i < count; i += threads) {
                        long began = System.nanoTime();
                        assignments.open(tenant, new Assignments.Request(phase + "-user-" + i, "support", List.of("chat"), 50));
                        latencies[i] = System.nanoTime() - began;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report(phase + " (PostgreSQL + Redis)", count, seconds, latencies);
        return latencies;
    }

    /**
     * The same least-sessions choice over the same fleet, one thread, a HashMap for seats: no database, no Redis.
     * {@code firstPage}: ranking only the first page of candidates, as the real path does, instead of the whole fleet.
     */
    private void floor(int count, boolean firstPage) {
        List<FleetBot> fleet = new ArrayList<>();
        for (int n = 1; n <= bots; n++) {
            fleet.add(new FleetBot("bot-" + n, maxSessions, 100, 0, null, null));
        }
        Map<String, Integer> held = new HashMap<>();
        long[] latencies = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long began = System.nanoTime();
            List<FleetBot> withLoad = fleet.stream().map(b -> new FleetBot(b.botId(), b.maxSessions(), b.weight(),
                    held.getOrDefault(b.botId(), 0), null, null)).toList();
            for (Ranking.Ranked r : firstPage ? Ranking.best(withLoad, Strategy.LEAST_SESSIONS, i, SessionCapacity.PAGE)
                    : Ranking.rank(withLoad, Strategy.LEAST_SESSIONS, i)) {
                if (r.bot().held() < r.bot().maxSessions()) {
                    held.merge(r.bot().botId(), 1, Integer::sum);
                    break;
                }
            }
            latencies[i] = System.nanoTime() - began;
        }
        report(firstPage ? "floor (in memory, first page ranked)" : "floor (in memory, no coordination)", count, (System.nanoTime() - start) / 1e9, latencies);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU so far of this database's PostgreSQL backends and of redis-server, from /proc. */
    private long[] otherProcessesCpuNanos() {
        List<Long> backends = jdbc.sql("select pid from pg_stat_activity where datname = current_database()")
                .query(Long.class).list();
        long postgres = backends.stream().mapToLong(AssignmentBenchmark::cpuNanos).sum();
        long redis = ProcessHandle.allProcesses()
                .filter(p -> commandLine(p.pid()).startsWith("redis-server"))
                .mapToLong(p -> cpuNanos(p.pid())).sum();
        return new long[] {postgres, redis};
    }

    /** Read whole from /proc: ProcessHandle.Info gives the binary, which for redis-server is a link's target. */
    private static String commandLine(long pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private static long cpuNanos(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            // The fields after the command name (which may hold spaces) start after the last ')'; utime and stime.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L; // USER_HZ is 100
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void report(String what, int count, double seconds, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s %7d assignments in %6.2f s = %8.0f/s   p50 %7.2f ms   p99 %7.2f ms%n", what, count,
                seconds, count / seconds, sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6);
    }
}
