package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.bothub.command.CommandSettings;
import io.bothub.events.TimeOrderedIds;

/**
 * Deletes commands that reached their end longer than {@code bothub.command.keep-finished} ago, with their delivery
 * attempts, and then the batches left without commands. Without it the command table grows by a row per command for
 * ever, and with it every index the queue's statements touch. Commands are found on the primary key: their ids are
 * time-ordered, so those created before the cut-off are the ids below {@link TimeOrderedIds#firstAt}. Replicas may
 * run it at the same time; a row one of them deleted is not deleted twice.
 */
@Component
public class FinishedCommandRetention {

    private static final Logger log = LoggerFactory.getLogger(FinishedCommandRetention.class);
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final CommandSettings settings;
    private final Clock clock;

    FinishedCommandRetention(JdbcClient jdbc, CommandSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes what was kept long enough, a batch of commands at a time; the number of commands deleted. */
    public long deleteOnce() {
        Instant cutoff = clock.instant().minus(settings.keepFinished());
        UUID firstKept = TimeOrderedIds.firstAt(cutoff);
        Timestamp cutoffTime = Timestamp.from(cutoff);
        long deleted = 0;
        int batch;
        do {
            // Each statement deletes a batch of commands and their attempts together: the attempts' foreign key is
            // checked at the end of the statement, when both are gone.
            batch = jdbc.sql("""
                    with old as (
                        select id from command
                        where id < :firstKept and updated_at < :cutoff
                          and status in ('sent', 'acknowledged', 'failed', 'cancelled', 'expired')
                        order by id
                        limit :batch
                        for update skip locked
                    ), attempts as (
                        delete from delivery_attempt a using old where a.command_id = old.id
                    )
                    delete from command c using old where c.id = old.id
                    """)
                    .param("firstKept", firstKept).param("cutoff", cutoffTime).param("batch", BATCH).update();
            deleted += batch;
        } while (batch == BATCH && !Thread.currentThread().isInterrupted());
        jdbc.sql("""
                delete from command_batch b
                where b.id < :firstKept and b.created_at < :cutoff
                  and not exists (select 1 from command c where c.batch_id = b.id)
                """).param("firstKept", firstKept).param("cutoff", cutoffTime).update();
        return deleted;
    }

    @Scheduled(fixedDelayString = "${bothub.command.retention-interval:1h}",
            initialDelayString = "${bothub.command.retention-interval:1h}")
    void deleteOld() {
        long deleted = deleteOnce();
        if (deleted > 0) {
            log.info("deleted {} commands that ended more than {} ago", deleted, settings.keepFinished());
        }
    }
}
