package io.bothub.command.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.command.Fleet;
import io.bothub.testsupport.WithRealInfrastructure;

/** Its own context (and database, with no dispatcher), so the planner's statistics are this test's alone. */
@SpringBootTest(properties = "bothub.command.dispatch=false")
@WithRealInfrastructure
class ClaimsTest {

    private static final int BOTS = 50;
    private static final int QUEUED_PER_BOT = 100;
    private static final int WINDOW = 10;

    @Autowired JdbcClient jdbc;
    @Autowired Claims claims;
    @Autowired TransactionTemplate transactions;

    @Test
    void aClaimReadsOnlyTheCommandsItTakesEvenWhenStatisticsSayNothingIsQueued() {
        String tenant = "stale-statistics";
        jdbc.sql("""
                insert into bot_endpoint (tenant_id, bot_id, status, webhook_url, endpoint_at)
                select :tenant, 'bot-' || b, 'online', 'http://127.0.0.1:9/bot-' || b, now() from generate_series(1, :bots) b
                """).param("tenant", tenant).param("bots", BOTS).update();
        // The statistics are taken while every command is sent, as after a quiet spell; then a backlog builds up.
        insertCommands(tenant, 500, "sent");
        jdbc.sql("analyze command").update();
        insertCommands(tenant, BOTS * QUEUED_PER_BOT, "queued");
        long before = queueIndexTuplesRead();

        List<Claims.Window> taken = transactions.execute(tx -> {
            // This connection reports what it read as soon as the transaction ends, not up to 10 s later.
            jdbc.sql("select pg_stat_force_next_flush()").query().singleRow();
            return claims.takeForPush("claims-test", BOTS, WINDOW, Duration.ofSeconds(30));
        });

        assertThat(taken).hasSize(BOTS).allSatisfy(window -> assertThat(window.claims()).hasSize(WINDOW));
        Fleet.await("the claim's reads reported", () -> queueIndexTuplesRead() > before, Duration.ofSeconds(15));
        // Each bot's window is read from the queue index: ~11 entries per bot. A plan that reached the commands
        // to update through that index read the whole queue once per command taken (2.5 million entries here).
        assertThat(queueIndexTuplesRead() - before).isLessThan(10L * BOTS * WINDOW);
    }

    private void insertCommands(String tenant, int count, String status) {
        jdbc.sql("""
                insert into command (id, tenant_id, bot_id, command_type, payload, priority, status, max_attempts,
                                     created_by, created_at, updated_at)
                select gen_random_uuid(), :tenant, 'bot-' || (1 + n % :bots), 'get_status', '{}', 50, :status, 5,
                       'user:test', now(), now()
                from generate_series(1, :count) n
                """).param("tenant", tenant).param("bots", BOTS).param("status", status).param("count", count).update();
    }

    private long queueIndexTuplesRead() {
        return jdbc.sql("select idx_tup_read from pg_stat_user_indexes where indexrelname = 'command_queue'")
                .query(Long.class).single();
    }
}
