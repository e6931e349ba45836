package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.routing.TestFleet;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.RealInfrastructure;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class StrategiesAndExplanationsTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private TestFleet fleet;

    @BeforeEach
    void fleet() {
        fleet = new TestFleet(kafka, jdbc, port);
    }

    @Test
    void aGroupsStrategyDecidesAndEveryAssignmentExplainsItsCandidates() {
        fleet.onlineBot("quick", "faq", List.of(), 10, 100);
        fleet.onlineBot("slow", "faq", List.of(), 10, 100);
        fleet.health("quick", 90, 150);
        fleet.health("slow", 95, 2400);
        assertThat(fleet.put("/api/v1/routing/strategies/faq", "{\"strategy\":\"fastest-response\"}").statusCode()).isEqualTo(200);

        List<String> bots = new ArrayList<>();
        String first = null;
        for (int i = 0; i < 3; i++) {
            JsonNode session = fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"u" + i + "\",\"groupId\":\"faq\"}"));
            bots.add(session.get("botId").asString());
            first = first == null ? session.get("id").asString() : first;
        }
        assertThat(bots).as("the fastest bot while it has room, though it holds more").containsOnly("quick");

        JsonNode decisions = fleet.json(fleet.get("/api/v1/sessions/" + first + "/decisions"));
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).get("strategy").asString()).isEqualTo("fastest-response");
        assertThat(decisions.get(0).get("candidates").findValuesAsString("botId")).containsExactly("quick", "slow");
        assertThat(decisions.get(0).get("candidates").get(1).get("avgResponseMs").asDouble()).isEqualTo(2400.0);
    }

    @Test
    void aSessionWhoseTenBestCandidatesAreFullIsSeatedOnTheNextOne() {
        for (int i = 0; i <= 10; i++) {
            fleet.onlineBot("deep-" + i, "deep", List.of(), i < 10 ? 1 : 5, 100);
            fleet.health("deep-" + i, 90, 100 + 10 * i);
        }
        fleet.put("/api/v1/routing/strategies/deep", "{\"strategy\":\"fastest-response\"}");

        List<String> bots = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            bots.add(fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"d" + i + "\",\"groupId\":\"deep\"}"))
                    .get("botId").asString());
        }
        assertThat(bots).as("each of the ten fastest takes one, then the eleventh, beyond the first page, takes one")
                .containsExactly("deep-0", "deep-1", "deep-2", "deep-3", "deep-4", "deep-5", "deep-6", "deep-7", "deep-8",
                        "deep-9", "deep-10");
    }

    @Test
    void anUrgentSessionGoesToTheHealthiestBotWhateverTheStrategy() {
        fleet.onlineBot("idle-but-sick", "vip", List.of(), 10, 100);
        fleet.onlineBot("busy-but-well", "vip", List.of(), 10, 100);
        fleet.health("idle-but-sick", 35, 300);
        fleet.health("busy-but-well", 97, 300);
        fleet.post("/api/v1/sessions", "{\"userId\":\"warmup\",\"groupId\":\"vip\",\"priority\":50}");

        JsonNode normal = fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"n\",\"groupId\":\"vip\",\"priority\":50}"));
        JsonNode urgent = fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"x\",\"groupId\":\"vip\",\"priority\":95}"));

        assertThat(normal.get("botId").asString()).as("least sessions by default").isEqualTo("idle-but-sick");
        assertThat(urgent.get("botId").asString()).isEqualTo("busy-but-well");
        assertThat(fleet.json(fleet.get("/api/v1/sessions/" + urgent.get("id").asString() + "/decisions")).get(0)
                .get("strategy").asString()).isEqualTo("urgent:highest-health");
    }

    @Test
    void weightedRoundRobinSharesSessionsByWeight() {
        fleet.onlineBot("heavy", "rr", List.of(), 100, 3);
        fleet.onlineBot("light", "rr", List.of(), 100, 1);
        fleet.put("/api/v1/routing/strategies/rr", "{\"strategy\":\"weighted-round-robin\"}");

        List<String> bots = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bots.add(fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"w" + i + "\",\"groupId\":\"rr\"}")).get("botId").asString());
        }
        assertThat(bots.stream().filter("heavy"::equals).count()).isEqualTo(30);
        assertThat(bots.stream().filter("light"::equals).count()).isEqualTo(10);
    }

    @Test
    void anUnknownStrategyIsRefusedWithTheValidOnes() {
        var refused = fleet.put("/api/v1/routing/strategies/faq", "{\"strategy\":\"random\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("strategy").contains("least-sessions").contains("weighted-round-robin");
        assertThat(fleet.json(fleet.get("/api/v1/routing/strategies")).size()).isZero();
    }

    @Test
    void assignmentsAndTransfersArePublishedOnSessionLifecycle() {
        fleet.onlineBot("one", "pub", List.of(), 5, 100);
        fleet.onlineBot("two", "pub", List.of(), 5, 100);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(RealInfrastructure.kafkaBootstrapServers(), Topics.SESSION_LIFECYCLE)) {
            JsonNode session = fleet.json(fleet.post("/api/v1/sessions", "{\"userId\":\"p\",\"groupId\":\"pub\"}"));
            String id = session.get("id").asString();
            String other = session.get("botId").asString().equals("one") ? "two" : "one";
            fleet.post("/api/v1/sessions/" + id + "/transfer", "{\"toBotId\":\"" + other + "\"}");
            fleet.post("/api/v1/sessions/" + id + "/close", "");

            var events = probe.await(r -> id.equals(r.key()), Duration.ofSeconds(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < 3 && System.nanoTime() < deadline) {
                events = probe.await(r -> id.equals(r.key()), Duration.ofMillis(200));
            }
            assertThat(events).extracting(r -> new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value()))
                    .containsExactly("io.bothub.session.assigned.v1", "io.bothub.session.transferred.v1",
                            "io.bothub.session.closed.v1");
        }
    }
}
