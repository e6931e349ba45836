package io.bothub.task.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.task.Desk;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Tasks without a chosen bot wait for routing-service's decision (simulated here by publishing TaskRouted on
 * task.routing, as routing-service does), and the offline policy: requeued once, failed the second time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class RoutingAndOfflineTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private Desk desk;

    @BeforeEach
    void setUp() {
        desk = new Desk("tenant-" + UUID.randomUUID(), kafka, jdbc, port);
        desk.bot("alpha", "summarise");
        desk.bot("beta", "summarise");
    }

    private String routedTask() {
        return desk.create("{\"title\":\"Summarise the Q3 report\",\"params\":{\"url\":\"https://docs.example/q3\"},"
                + "\"requiredCapabilities\":[\"summarise\"],\"priority\":\"high\"}").get("id").asString();
    }

    private int routingDecisionsApplied(String taskId) {
        return jdbc.sql("select count(*) from task_history where task_id = cast(:id as uuid) and reason = 'routed'")
                .param("id", taskId).query(Integer.class).single();
    }

    @Test
    void aTaskWithoutABotIsAnnouncedForRoutingAndWaitsUntilRoutingServiceDecides() throws Exception {
        String id;
        try (KafkaProbe<byte[]> created = KafkaProbe.bytes(bootstrap, Topics.TASK_CREATED)) {
            id = routedTask();
            var announced = created.await(r -> id.equals(r.key()), Duration.ofSeconds(20));
            assertThat(announced).hasSize(1);
            JsonNode event = Desk.JSON.readTree(announced.getFirst().value());
            assertThat(event.get("botId").isNull()).isTrue();
            assertThat(event.get("requiredCapabilities").get(0).asString()).isEqualTo("summarise");
            assertThat(event.get("priority").asString()).isEqualTo("high");
        }
        assertThat(desk.pull("alpha", 1).statusCode()).as("no bot has it before routing").isEqualTo(204);
        assertThat(desk.statusOf(id)).isEqualTo("pending");

        EventEnvelope<BotHubEvent> decision = desk.route(id, "beta");
        desk.awaitStatus(id, "assigned");
        assertThat(desk.detail(id).get("task").get("botId").asString()).isEqualTo("beta");
        assertThat(Desk.JSON.readTree(desk.pull("beta", 5).body()).get("id").asString()).isEqualTo(id);

        // A redelivered decision, and a late decision for a task no longer pending, change nothing.
        desk.resend(decision);
        desk.route(id, "alpha");
        Thread.sleep(1500);
        assertThat(desk.detail(id).get("task").get("botId").asString()).isEqualTo("beta");
        assertThat(routingDecisionsApplied(id)).isEqualTo(1);
        assertThat(desk.events(id)).containsExactly("created", "assigned routed");
    }

    @Test
    void aBotDyingMidTaskHandsItBackForRoutingOnceAndTheSecondDeathFailsIt() throws Exception {
        String id = routedTask();
        desk.route(id, "alpha");
        desk.awaitStatus(id, "assigned");
        desk.pull("alpha", 5);
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/start", null);
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/progress", "{\"progress\":30}");

        desk.status("alpha", "offline");
        desk.awaitStatus(id, "pending");
        JsonNode requeued = desk.detail(id).get("task");
        assertThat(requeued.get("botId").isNull()).isTrue();
        assertThat(requeued.get("offlineRequeues").asInt()).isEqualTo(1);
        assertThat(requeued.get("progress").isNull()).as("progress starts over").isTrue();
        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/complete", "{}").statusCode())
                .as("the dead bot's late report is not its task any more").isEqualTo(404);

        desk.route(id, "beta");
        desk.awaitStatus(id, "assigned");
        desk.pull("beta", 5);
        desk.asBot("beta", "POST", "/api/v1/tasks/" + id + "/start", null);
        desk.status("beta", "offline");
        desk.awaitStatus(id, "failed");
        assertThat(desk.detail(id).get("task").get("failureReason").asString()).isEqualTo("bot-offline");
        assertThat(desk.events(id)).containsExactly("created", "assigned routed", "running started",
                "running progress", "pending bot-offline", "created", "assigned routed", "running started",
                "failed bot-offline");
        try (KafkaProbe<byte[]> status = KafkaProbe.bytes(bootstrap, Topics.TASK_STATUS)) {
            var requeue = status.await(r -> id.equals(r.key()) && new String(r.value()).contains("\"newStatus\":\"pending\""),
                    Duration.ofSeconds(20));
            assertThat(new String(requeue.getFirst().value())).as("the event names the bot it left")
                    .contains("\"botId\":\"alpha\"");
        }
    }

    @Test
    void aChosenBotGoingOfflineGetsItsTaskBackWhenItReturnsAndARedeliveredOfflineEventCountsOnce() {
        String id = desk.create("{\"title\":\"Rotate logs\",\"botId\":\"alpha\"}").get("id").asString();
        desk.pull("alpha", 5);
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/start", null);

        EventEnvelope<BotHubEvent> offline = desk.send(new io.bothub.events.bot.BotStatusChanged("alpha", "online", "offline",
                "heartbeat-timeout", "system", java.time.Instant.now()), "/bothub/bot-service");
        Desk.await("requeued to its chosen bot", () -> desk.detail(id).get("task").get("offlineRequeues").asInt() == 1
                && "assigned".equals(desk.statusOf(id)));
        desk.resend(offline);
        desk.status("alpha", "online");
        assertThat(desk.statusOf(id)).as("the redelivered offline event did not fail it").isEqualTo("assigned");
        assertThat(desk.detail(id).get("task").get("botId").asString()).isEqualTo("alpha");

        assertThat(Desk.JSON.readTree(desk.pull("alpha", 5).body()).get("id").asString()).isEqualTo(id);
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/start", null);
        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/complete", "{\"result\":{\"rotated\":3}}").statusCode())
                .isEqualTo(200);
        assertThat(desk.statusOf(id)).isEqualTo("completed");
    }
}
