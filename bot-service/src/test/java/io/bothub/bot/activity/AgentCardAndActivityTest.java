package io.bothub.bot.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import com.standardwebhooks.Webhook;

import io.bothub.bot.BotHttp;
import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class AgentCardAndActivityTest {

    private static final String CARD = """
            {"name":"Route planner","description":"Plans delivery routes","url":"https://planner.example/a2a","version":"1.2.0",
             "capabilities":{"streaming":true},
             "skills":[{"id":"Route-Optimizer","name":"Route optimizer","description":"Shortest routes","tags":["logistics"]},
                       {"id":"translate","name":"Translate","tags":["language"]}]}""";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, Object> kafka;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();

    @Test
    void aBotDescribedByAnA2aAgentCardRegistersAsIsAndItsCardIsServedBack() throws Exception {
        BotHttp bots = new BotHttp(port);
        bots.register(tenant, "{\"botId\":\"planner\",\"name\":\"Planner\",\"capabilities\":[\"chat\"],\"agentCard\":" + CARD + "}");

        JsonNode bot = json.readTree(get("/api/v1/bots/planner").body());
        assertThat(bot.get("capabilities").valueStream().map(JsonNode::asString).toList())
                .containsExactly("chat", "route-optimizer", "translate");
        JsonNode card = json.readTree(get("/api/v1/bots/planner/agent-card").body());
        assertThat(card.get("url").asString()).isEqualTo("https://planner.example/a2a");
        assertThat(card.get("skills").get(0).get("id").asString()).isEqualTo("Route-Optimizer");
    }

    @Test
    void aCardWithAnUnnamedSkillIsRefusedAndNothingIsRegistered() throws Exception {
        HttpResponse<String> response = new BotHttp(port).post("/api/v1/bots/register", tenant, null,
                "{\"name\":\"Broken\",\"agentCard\":{\"name\":\"x\",\"skills\":[{\"name\":\"no id\"}]}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("agentCard.skills[0].id");
        assertThat(jdbc.sql("select count(*) from bot where tenant_id = :t").param("t", tenant).query(Integer.class).single()).isZero();
    }

    @Test
    void theActivityLogRecordsWhatTheBotDidOnceEachIncludingTokens() throws Exception {
        BotHttp bots = new BotHttp(port);
        JsonNode registered = json.readTree(bots.post("/api/v1/bots/register", tenant, null, "{\"botId\":\"busy-bee\",\"name\":\"Bee\"}").body());
        String key = registered.get("apiKey").asString();
        bots.heartbeat(key, "{}");
        String body = "{\"type\":\"message\",\"eventType\":\"text\",\"payload\":{\"text\":\"done\",\"tokensUsed\":42}}";
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/callbacks"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", new Webhook(registered.get("webhookSecret").asString()).sign(id, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(202);

        awaitActivities(3);
        JsonNode activities = json.readTree(get("/api/v1/bots/busy-bee/activities").body());
        assertThat(activities.findValuesAsString("activityType")).containsExactlyInAnyOrder("callback.message", "status", "registered");
        assertThat(json.readTree(get("/api/v1/bots/busy-bee/activities?type=callback.message").body()).get(0).get("tokensUsed").asInt())
                .isEqualTo(42);

        // The same callback event delivered again is not a second activity.
        EventEnvelope<BotHubEvent> again = EventEnvelope.of(URI.create("/bothub/bot-service"), tenant, null,
                new CallbackReceived("msg_dup", "busy-bee", "event", null, Map.of(), Instant.now()));
        kafka.send(Topics.CALLBACK_RECEIVED, again.key(), again).get();
        kafka.send(Topics.CALLBACK_RECEIVED, again.key(), again).get();
        awaitActivities(4);
        Thread.sleep(1000);
        assertThat(count()).isEqualTo(4);
    }

    private void awaitActivities(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count() < expected) {
            assertThat(System.nanoTime()).as("only %d activities", count()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private int count() {
        return jdbc.sql("select count(*) from bot_activity where tenant_id = :t").param("t", tenant).query(Integer.class).single();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .headers(BotHttp.operatorOf(tenant)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
