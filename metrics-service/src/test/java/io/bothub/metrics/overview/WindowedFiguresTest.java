package io.bothub.metrics.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.metrics.Tenant;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * A known sequence of outcomes, callbacks and heartbeats spread over two days, and the figures of every window
 * checked to the number through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class WindowedFiguresTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private Tenant tenant;

    @BeforeEach
    void setUp() {
        tenant = new Tenant(kafka, port);
    }

    @Test
    void everyWindowSumsExactlyTheMinutesOrHoursItCovers() {
        Instant now = Instant.now();
        Instant at = Instant.ofEpochSecond(now.getEpochSecond() / 60 * 60 + 30); // 30 s into the current minute
        tenant.register("w1", "support", "greeter", 10);

        // In the minute of `at`: two acknowledged commands (100 and 300 ms), one failed (500 ms), a heartbeat, a callback
        Instant m0 = at.minusSeconds(20);
        tenant.command("w1", m0.minusMillis(100), m0, true);
        tenant.command("w1", m0.minusMillis(300), m0, true);
        tenant.command("w1", m0.minusMillis(500), m0, false);
        tenant.heartbeat("w1", 3, 20.0, 40.0, m0);
        tenant.send(new CallbackReceived("cb-" + UUID.randomUUID(), "w1", "message", "text", Map.of("text", "hi"), m0));
        // Three minutes before: an acknowledged command (1,000 ms) and a completed task
        Instant m3 = at.minus(Duration.ofMinutes(3));
        tenant.command("w1", m3.minusMillis(1000), m3, true);
        tenant.send(new TaskStatusChanged("t-" + UUID.randomUUID(), "w1", "running", "completed", "done", null, Map.of(), m3));
        // Ten minutes before: an acknowledged command (2,000 ms) and an error callback
        Instant m10 = at.minus(Duration.ofMinutes(10));
        tenant.command("w1", m10.minusMillis(2000), m10, true);
        tenant.send(new CallbackReceived("cb-" + UUID.randomUUID(), "w1", "event", "error",
                Map.of("code", "E42", "message", "model timeout", "sessionId", "s-1"), m10));
        // Forty minutes before: two failed tasks
        Instant m40 = at.minus(Duration.ofMinutes(40));
        for (int i = 0; i < 2; i++) {
            tenant.send(new TaskStatusChanged("t-" + UUID.randomUUID(), "w1", "running", "failed", "bot-error", null,
                    Map.of("error", "crashed"), m40));
        }
        // Five hours before (in the day's window only): an acknowledged command (400 ms)
        Instant h5 = at.minus(Duration.ofHours(5));
        tenant.command("w1", h5.minusMillis(400), h5, true);
        // Thirty hours before: outside every window
        Instant h30 = at.minus(Duration.ofHours(30));
        tenant.command("w1", h30.minusMillis(50), h30, true);

        Tenant.await("all outcomes ingested", () -> jdbc.sql("select coalesce(sum(successes + failures), 0) + "
                        + "coalesce(sum(callbacks), 0) from bot_minute where tenant_id = :t and bot_id = 'w1'")
                .param("t", tenant.id).query(Long.class).single() == 12);
        Tenant.await("responses paired", () -> jdbc.sql("select coalesce(sum(responses), 0) from bot_minute "
                + "where tenant_id = :t and bot_id = 'w1'").param("t", tenant.id).query(Long.class).single() == 7);

        JsonNode bot = tenant.getJson("/api/v1/metrics/bots/w1?at=" + at);
        JsonNode w = bot.get("windows");

        expect(w.get("1m"), 2, 1, 1, 1, 3, 300.0, 4.0 / 1);
        assertThat(w.get("1m").get("heartbeats").asLong()).isEqualTo(1);

        expect(w.get("5m"), 4, 1, 1, 1, 4, 1900.0 / 4, 6.0 / 5);
        assertThat(w.get("5m").get("tasksCompleted").asLong()).isEqualTo(1);

        expect(w.get("15m"), 5, 1, 2, 2, 5, 3900.0 / 5, 8.0 / 15);

        expect(w.get("1h"), 5, 3, 2, 4, 5, 3900.0 / 5, 10.0 / 60);
        assertThat(w.get("1h").get("tasksFailed").asLong()).isEqualTo(2);
        assertThat(w.get("1h").get("commandsAcknowledged").asLong()).isEqualTo(4);
        assertThat(w.get("1h").get("commandsFailed").asLong()).isEqualTo(1);

        expect(w.get("1d"), 6, 3, 2, 4, 6, 4300.0 / 6, 11.0 / 1440);

        assertThat(bot.get("bot").get("groupId").asString()).isEqualTo("support");
        assertThat(bot.get("bot").get("roleId").asString()).isEqualTo("greeter");
    }

    @Test
    void aWindowEndingElsewhereSlides() {
        Instant at = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60 + 30);
        tenant.register("w2", null, null, 5);
        tenant.command("w2", at.minusSeconds(21), at.minusSeconds(20), true);
        tenant.command("w2", at.minus(Duration.ofMinutes(6)).minusMillis(10), at.minus(Duration.ofMinutes(6)), false);
        Tenant.await("outcomes ingested", () -> jdbc.sql("select coalesce(sum(successes + failures), 0) from bot_minute "
                + "where tenant_id = :t and bot_id = 'w2'").param("t", tenant.id).query(Long.class).single() == 2);

        JsonNode now = tenant.getJson("/api/v1/metrics/bots/w2?at=" + at).get("windows");
        assertThat(now.get("5m").get("outcomes").asLong()).isEqualTo(1);
        assertThat(now.get("15m").get("outcomes").asLong()).isEqualTo(2);
        JsonNode earlier = tenant.getJson("/api/v1/metrics/bots/w2?at=" + at.minus(Duration.ofMinutes(5))).get("windows");
        assertThat(earlier.get("1m").get("outcomes").asLong()).isZero();
        assertThat(earlier.get("5m").get("outcomes").asLong()).isEqualTo(1);
        assertThat(earlier.get("5m").get("successRate").asDouble()).isZero();
        assertThat(earlier.get("5m").get("errorRate").asDouble()).isEqualTo(1.0);

        assertThat(tenant.get("/api/v1/metrics/bots/nobody").statusCode()).isEqualTo(404);
    }

    private static void expect(JsonNode f, long successes, long failures, long callbacks, long errors, long responses,
            double avgResponse, double throughput) {
        long outcomes = successes + failures;
        assertThat(f.get("successes").asLong()).as("successes over %s", f.get("window")).isEqualTo(successes);
        assertThat(f.get("failures").asLong()).as("failures over %s", f.get("window")).isEqualTo(failures);
        assertThat(f.get("outcomes").asLong()).isEqualTo(outcomes);
        assertThat(f.get("callbacks").asLong()).as("callbacks over %s", f.get("window")).isEqualTo(callbacks);
        assertThat(f.get("errors").asLong()).as("errors over %s", f.get("window")).isEqualTo(errors);
        assertThat(f.get("responses").asLong()).as("responses over %s", f.get("window")).isEqualTo(responses);
        assertThat(f.get("successRate").asDouble()).isCloseTo((double) successes / outcomes, within(1e-12));
        assertThat(f.get("errorRate").asDouble()).isCloseTo((double) errors / (outcomes + callbacks), within(1e-12));
        assertThat(f.get("avgResponseMillis").asDouble()).isCloseTo(avgResponse, within(1e-9));
        assertThat(f.get("throughputPerMinute").asDouble()).isCloseTo(throughput, within(1e-12));
    }
}
