package io.bothub.support.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest(properties = "bothub.inbox.prune-interval=200ms")
@WithRealInfrastructure
class ProcessedEventPruningScheduleTest {

    @Autowired JdbcClient jdbc;

    @Test
    void oldIdsAreDeletedEveryPruneIntervalWithoutBeingAsked() throws Exception {
        String consumer = "scheduled-" + UUID.randomUUID();
        jdbc.sql("insert into processed_event (consumer, event_id, processed_at) values (:c, 'old', now() - interval '40 days'), "
                + "(:c, 'fresh', now())").param("c", consumer).update();

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ids(consumer) > 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(jdbc.sql("select event_id from processed_event where consumer = :c").param("c", consumer)
                .query(String.class).list()).containsExactly("fresh");
    }

    private long ids(String consumer) {
        return jdbc.sql("select count(*) from processed_event where consumer = :c").param("c", consumer)
                .query(Long.class).single();
    }
}
