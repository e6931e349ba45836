package io.bothub.routing.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest
@WithRealInfrastructure
class FleetViewTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;

    private final String tenant = "tenant-" + UUID.randomUUID();

    @Test
    void aRegisteredBotJoinsTheViewOnceEvenWhenTheEventIsRedelivered() throws Exception {
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        EventEnvelope<BotHubEvent> registered = envelope(new BotRegistered("bot-1", "Support", "customer-service",
                List.of("chat"), 5, 100, null, at));
        EventEnvelope<BotHubEvent> online = envelope(new BotStatusChanged("bot-1", "offline", "online", "heartbeat",
                "system", at.plusSeconds(1)));
        EventEnvelope<BotHubEvent> offlineAgain = envelope(new BotStatusChanged("bot-1", "online", "offline",
                "heartbeat-timeout", "system", at.plusSeconds(2)));

        send(registered);
        send(online);
        send(offlineAgain);
        awaitStatus("offline", at.plusSeconds(2));

        // The same "online" event delivered again must not undo the later "offline".
        send(online);
        send(registered);
        Thread.sleep(1500);

        Map<String, Object> row = jdbc.sql("select * from fleet_bot where tenant_id = :t").param("t", tenant).query().singleRow();
        assertThat(row.get("status")).isEqualTo("offline");
        assertThat(row.get("max_concurrent_sessions")).isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from processed_event where consumer = 'fleet-view' and event_id in (:ids)")
                .param("ids", List.of(registered.id(), online.id(), offlineAgain.id())).query(Integer.class).single())
                .isEqualTo(3);
    }

    private void awaitStatus(String status, Instant updatedAt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> statuses = jdbc.sql("select status from fleet_bot where tenant_id = :t and updated_at = :at")
                    .param("t", tenant).param("at", java.sql.Timestamp.from(updatedAt)).query(String.class).list();
            if (statuses.contains(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fleet view never reached status " + status);
    }

    private void send(EventEnvelope<BotHubEvent> event) throws Exception {
        kafka.send(Topics.BOT_LIFECYCLE, event.key(), event).get();
    }

    private EventEnvelope<BotHubEvent> envelope(BotHubEvent data) {
        return EventEnvelope.of(URI.create("/bothub/bot-service"), tenant, null, data);
    }
}
