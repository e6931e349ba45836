package io.bothub.support.inbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The ids of events each consumer has already applied. */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    public ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code eventId} for {@code consumer} in the current transaction. Returns false when it was already
     * claimed: the event was applied before and must not be applied again.
     */
    boolean claim(String consumer, String eventId) {
        return jdbc.sql("insert into processed_event (consumer, event_id) values (:consumer, :id) "
                + "on conflict do nothing").param("consumer", consumer).param("id", eventId).update() == 1;
    }

    /**
     * Claims each of {@code eventIds} for {@code consumer} in the current transaction, in one statement. Returns the ids
     * that were not claimed before (an id listed twice is returned once).
     */
    Set<String> claimAll(String consumer, List<String> eventIds) {
        return new HashSet<>(jdbc.sql("insert into processed_event (consumer, event_id) "
                        + "select :consumer, id from unnest(cast(:ids as text[])) as ids(id) on conflict do nothing "
                        + "returning event_id")
                .param("consumer", consumer).param("ids", eventIds.toArray(String[]::new)).query(String.class).list());
    }

    /** Whether {@code consumer} has applied {@code eventId}. */
    public boolean contains(String consumer, String eventId) {
        return jdbc.sql("select count(*) from processed_event where consumer = :consumer and event_id = :id")
                .param("consumer", consumer).param("id", eventId).query(Integer.class).single() > 0;
    }
}
