package io.bothub.command.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.events.TimeOrderedIds;
import io.bothub.testsupport.WithRealInfrastructure;

/** Its own context and database (no dispatcher), so the only old commands are this test's. */
@SpringBootTest(properties = {"bothub.command.dispatch=false", "bothub.command.keep-finished=30d"})
@WithRealInfrastructure
class FinishedCommandRetentionTest {

    private static final String TENANT = "retention";

    @Autowired JdbcClient jdbc;
    @Autowired FinishedCommandRetention retention;

    @Test
    void commandsThatEndedLongerAgoThanTheKeepingTimeGoWithTheirAttemptsAndBatchOthersStay() {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        Instant recent = Instant.now().minus(Duration.ofDays(1));
        UUID oldBatch = batch(old);
        UUID acknowledged = command(old, old, "acknowledged", oldBatch);
        UUID sentNeverAcknowledged = command(old.plusMillis(1), old, "sent", oldBatch);
        UUID failed = command(old.plusMillis(2), old, "failed", null);
        UUID stillQueued = command(old.plusMillis(3), old, "queued", null);
        UUID changedLately = command(old.plusMillis(4), recent, "acknowledged", null);
        UUID endedLately = command(recent, recent, "cancelled", null);
        attempt(acknowledged);
        attempt(failed);
        attempt(endedLately);

        long deleted = retention.deleteOnce();

        assertThat(deleted).isEqualTo(3);
        assertThat(jdbc.sql("select id from command where tenant_id = :t").param("t", TENANT).query(UUID.class).list())
                .containsExactlyInAnyOrder(stillQueued, changedLately, endedLately);
        assertThat(jdbc.sql("select command_id from delivery_attempt where tenant_id = :t").param("t", TENANT)
                .query(UUID.class).list()).containsExactly(endedLately);
        assertThat(jdbc.sql("select count(*) from command_batch where id = :id").param("id", oldBatch)
                .query(Long.class).single()).as("the batch left without commands").isZero();
        assertThat(retention.deleteOnce()).as("nothing left to delete").isZero();
    }

    private UUID batch(Instant createdAt) {
        UUID id = idAt(createdAt);
        jdbc.sql("""
                insert into command_batch (id, tenant_id, command_type, target, total, request_hash, created_by, created_at)
                values (:id, :t, 'get_status', '{}', 2, 'hash', 'user:test', :at)
                """).param("id", id).param("t", TENANT).param("at", Timestamp.from(createdAt)).update();
        return id;
    }

    private UUID command(Instant createdAt, Instant updatedAt, String status, UUID batch) {
        UUID id = idAt(createdAt);
        jdbc.sql("""
                insert into command (id, tenant_id, bot_id, batch_id, command_type, payload, priority, status,
                                     max_attempts, created_by, created_at, updated_at)
                values (:id, :t, 'bot-1', :batch, 'get_status', '{}', 50, :status, 5, 'user:test', :created, :updated)
                """).param("id", id).param("t", TENANT).param("batch", batch).param("status", status)
                .param("created", Timestamp.from(createdAt)).param("updated", Timestamp.from(updatedAt)).update();
        return id;
    }

    private void attempt(UUID command) {
        jdbc.sql("""
                insert into delivery_attempt (command_id, tenant_id, attempt, attempted_at, status_code, latency_ms, outcome)
                values (:id, :t, 1, now(), 200, 5, 'delivered')
                """).param("id", command).param("t", TENANT).update();
    }

    /** An id as {@link TimeOrderedIds} would have made it at {@code at}. */
    private static UUID idAt(Instant at) {
        UUID first = TimeOrderedIds.firstAt(at);
        return new UUID(first.getMostSignificantBits() | 0x123L, first.getLeastSignificantBits() | 0x4567L);
    }
}
