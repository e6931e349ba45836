package io.bothub.support.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes the ids of applied events once they are older than {@link InboxSettings#keepProcessed()}: without it the
 * processed_event table of a service that consumes a busy topic grows by a row per event for ever. Replicas may prune
 * at the same time; deleting rows another replica already deleted does nothing. Runs on Spring's scheduler every
 * {@code bothub.inbox.prune-interval} (1 h).
 */
public class ProcessedEventPruner {

    private static final Logger log = LoggerFactory.getLogger(ProcessedEventPruner.class);

    private final JdbcClient jdbc;
    private final InboxSettings settings;

    public ProcessedEventPruner(JdbcClient jdbc, InboxSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * Deletes every id applied more than {@code keepProcessed} ago by the database's clock (the one that stamped them),
     * a batch at a time; returns how many.
     */
    public long pruneOnce() {
        long deleted = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                    delete from processed_event where ctid = any(array(
                        select ctid from processed_event
                        where processed_at < now() - make_interval(secs => :keepSeconds) limit :batch))
                    """).param("keepSeconds", settings.keepProcessed().toSeconds())
                    .param("batch", settings.pruneBatch()).update();
            deleted += batch;
        } while (batch == settings.pruneBatch() && !Thread.currentThread().isInterrupted());
        return deleted;
    }

    @Scheduled(fixedDelayString = "${bothub.inbox.prune-interval:1h}",
            initialDelayString = "${bothub.inbox.prune-interval:1h}")
    void prune() {
        long deleted = pruneOnce();
        if (deleted > 0) {
            log.info("deleted {} processed event ids older than {}", deleted, settings.keepProcessed());
        }
    }
}
