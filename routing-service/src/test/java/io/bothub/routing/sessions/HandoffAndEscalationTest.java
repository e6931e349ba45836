package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.routing.TestFleet;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bothub.routing.human-timeout=1s", "bothub.routing.queue-timeout=2s", "bothub.routing.human-timeout-sweep=200ms"})
@WithRealInfrastructure
class HandoffAndEscalationTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private TestFleet fleet;

    @BeforeEach
    void fleet() {
        fleet = new TestFleet(kafka, jdbc, port);
    }

    @Test
    void aSessionGoesToAHumanAndBackAndEachMoveIsPublished() {
        fleet.onlineBot("helper", "care", List.of(), 5, 100);
        String id = open("ann");

        assertThat(mode(handoff(id, "{\"mode\":\"waiting_human\"}"))).isEqualTo("waiting_human");
        JsonNode taken = fleet.json(fleet.post("/api/v1/sessions/" + id + "/handoff", "{\"mode\":\"human\",\"agent\":\"agent-li\"}"));
        assertThat(taken.get("mode").asString()).isEqualTo("human");
        assertThat(taken.get("humanAgent").asString()).isEqualTo("agent-li");
        assertThat(taken.get("botId").asString()).as("the bot keeps the seat while a human answers").isEqualTo("helper");
        JsonNode back = fleet.json(fleet.post("/api/v1/sessions/" + id + "/handoff", "{\"mode\":\"ai\"}"));
        assertThat(back.get("mode").asString()).isEqualTo("ai");
        assertThat(back.get("humanAgent").isNull()).isTrue();

        assertThat(published("io.bothub.session.mode-changed.v1", id)).isEqualTo(3);
        assertThat(published("io.bothub.session.assigned.v1", id)).isEqualTo(1);
    }

    @Test
    void aMoveTheStateMachineForbidsIsAConflictThatChangesNothing() {
        fleet.onlineBot("helper", "care", List.of(), 5, 100);
        String id = open("bob");

        var skipping = fleet.post("/api/v1/sessions/" + id + "/handoff", "{\"mode\":\"human\",\"agent\":\"agent-li\"}");
        assertThat(skipping.statusCode()).isEqualTo(409);
        assertThat(skipping.body()).contains("invalid-transition").contains("waiting_human");
        var unknown = fleet.post("/api/v1/sessions/" + id + "/handoff", "{\"mode\":\"robot\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        handoff(id, "{\"mode\":\"waiting_human\"}");
        var nobody = fleet.post("/api/v1/sessions/" + id + "/handoff", "{\"mode\":\"human\"}");
        assertThat(nobody.statusCode()).as("a human takes it by name").isEqualTo(400);

        assertThat(fleet.json(fleet.get("/api/v1/sessions/" + id)).get("mode").asString()).isEqualTo("waiting_human");
        assertThat(published("io.bothub.session.mode-changed.v1", id)).isEqualTo(1);
    }

    @Test
    void aRequestForAHumanNobodyTakesReturnsToTheBotOnce() {
        fleet.onlineBot("helper", "care", List.of(), 5, 100);
        String id = open("cy");
        handoff(id, "{\"mode\":\"waiting_human\"}");

        TestFleet.await(() -> "ai".equals(fleet.json(fleet.get("/api/v1/sessions/" + id)).get("mode").asString()),
                "the human timeout");
        sleep(Duration.ofMillis(600));
        assertThat(jdbc.sql("select count(*) from outbox_event where event_type = 'io.bothub.session.mode-changed.v1' "
                        + "and record_key = :id and convert_from(payload, 'UTF8') like :r")
                .param("id", id).param("r", "%human-timeout%").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aSessionNoBotCanTakeEscalatesToHumansAndRejoinsTheQueueWhenHandedBack() {
        fleet.onlineBot("full", "sales", List.of(), 1, 100);
        open("first", "sales");
        String waiting = open("second", "sales");
        assertThat(fleet.json(fleet.get("/api/v1/sessions/" + waiting)).get("status").asString()).isEqualTo("waiting");

        TestFleet.await(() -> "escalated".equals(fleet.json(fleet.get("/api/v1/sessions/" + waiting)).get("status").asString()),
                "escalation after the queue timeout");
        JsonNode escalated = fleet.json(fleet.get("/api/v1/sessions/" + waiting));
        assertThat(escalated.get("mode").asString()).isEqualTo("waiting_human");
        assertThat(escalated.get("queuePosition").isNull()).as("out of the bots' queue").isTrue();

        handoff(waiting, "{\"mode\":\"human\",\"agent\":\"agent-ma\"}");
        fleet.onlineBot("spare", "sales", List.of(), 3, 100);
        assertThat(fleet.json(fleet.get("/api/v1/sessions/" + waiting)).get("botId").isNull())
                .as("a human is answering; no bot takes it meanwhile").isTrue();
        JsonNode handedBack = fleet.json(fleet.post("/api/v1/sessions/" + waiting + "/handoff", "{\"mode\":\"ai\"}"));
        assertThat(handedBack.get("status").asString()).isEqualTo("assigned");
        assertThat(handedBack.get("botId").asString()).isEqualTo("spare");
    }

    private String open(String user) {
        return open(user, "care");
    }

    private String open(String user, String group) {
        return fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"" + user + "\",\"groupId\":\"" + group + "\"}"))
                .get("id").asString();
    }

    private JsonNode handoff(String id, String body) {
        var response = fleet.post("/api/v1/sessions/" + id + "/handoff", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return fleet.json(response);
    }

    private static String mode(JsonNode session) {
        return session.get("mode").asString();
    }

    private int published(String type, String sessionId) {
        return jdbc.sql("select count(*) from outbox_event where event_type = :type and record_key = :key")
                .param("type", type).param("key", sessionId).query(Integer.class).single();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
