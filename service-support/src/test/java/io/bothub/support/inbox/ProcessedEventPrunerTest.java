package io.bothub.support.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.events.TopicSpec;
import io.bothub.events.Topics;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest(properties = "bothub.inbox.prune-batch=2")
@WithRealInfrastructure
class ProcessedEventPrunerTest {

    @Autowired ProcessedEventPruner pruner;
    @Autowired InboxSettings settings;
    @Autowired JdbcClient jdbc;

    @Test
    void idsOlderThanTheKeepingTimeAreDeletedInBatchesAndYoungerOnesKept() {
        String consumer = "pruned-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            applied(consumer, "old-" + i, "32 days");
        }
        applied(consumer, "month-old", "30 days");
        applied(consumer, "fresh", "0 seconds");

        long deleted = pruner.pruneOnce();

        assertThat(deleted).as("five old ids, in batches of two").isEqualTo(5);
        assertThat(jdbc.sql("select event_id from processed_event where consumer = :consumer order by event_id")
                .param("consumer", consumer).query(String.class).list()).containsExactly("fresh", "month-old");
    }

    @Test
    void idsAreKeptLongerThanAnyTopicCanDeliverAnEventAgain() {
        TopicSpec longest = Topics.ALL.stream().max(Comparator.comparing(TopicSpec::retention)).orElseThrow();

        assertThat(settings.keepProcessed()).as("kept past %s's retention", longest.name())
                .isGreaterThan(longest.retention());
    }

    private void applied(String consumer, String eventId, String ago) {
        jdbc.sql("insert into processed_event (consumer, event_id, processed_at) values (:consumer, :id, now() - cast(:ago as interval))")
                .param("consumer", consumer).param("id", eventId).param("ago", ago).update();
    }
}
