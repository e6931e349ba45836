package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.routing.RoutingServiceApplication;
import io.bothub.testsupport.AnotherReplica;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class SessionAssignmentTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @Autowired SessionCapacity capacity;
    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();
    private ConfigurableApplicationContext secondReplica;

    @AfterEach
    void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    @Test
    void manyConcurrentSessionsOnTwoReplicasNeverPutABotOverItsMaximum() throws Exception {
        onlineBot("small", "support", List.of("chat"), 3);
        onlineBot("large", "support", List.of("chat"), 4);
        int secondPort = startSecondReplica();

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                int target = i % 2 == 0 ? port : secondPort;
                String body = "{\"userId\":\"user-" + i + "\",\"groupId\":\"support\",\"capabilities\":[\"chat\"]}";
                answers.add(CompletableFuture.supplyAsync(() -> post(target, "/api/v1/sessions", body), threads));
            }
        }
        List<JsonNode> sessions = answers.stream().map(CompletableFuture::join).map(r -> json.readTree(r.body())).toList();

        assertThat(sessions).filteredOn(s -> s.get("status").asString().equals("assigned")).hasSize(7);
        assertThat(sessions).filteredOn(s -> s.get("status").asString().equals("waiting")).hasSize(23);
        assertThat(assignedTo("small")).isEqualTo(3);
        assertThat(assignedTo("large")).isEqualTo(4);
        // Positions given while others were still arriving shift; read now, they are exactly 1 to 23.
        List<Integer> positions = new ArrayList<>();
        for (JsonNode waiting : sessions.stream().filter(s -> s.get("status").asString().equals("waiting")).toList()) {
            positions.add(json.readTree(get("/api/v1/sessions/" + waiting.get("id").asString()).body()).get("queuePosition").asInt());
        }
        assertThat(positions).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 23).boxed().toList());
    }

    @Test
    void aClosedSessionsSeatGoesToTheFirstWaitingOneAndAUserReturnsToTheirBot() throws Exception {
        onlineBot("solo", "sales", List.of("chat", "quote"), 1);
        onlineBot("other", "sales", List.of("chat"), 5);

        JsonNode first = json.readTree(post(port, "/api/v1/sessions",
                "{\"userId\":\"ann\",\"groupId\":\"sales\",\"capabilities\":[\"quote\"]}").body());
        JsonNode waiting = json.readTree(post(port, "/api/v1/sessions",
                "{\"userId\":\"bob\",\"groupId\":\"sales\",\"capabilities\":[\"quote\"]}").body());
        assertThat(first.get("botId").asString()).as("the only bot with 'quote'").isEqualTo("solo");
        assertThat(waiting.get("status").asString()).isEqualTo("waiting");
        assertThat(waiting.get("queuePosition").asInt()).isEqualTo(1);

        post(port, "/api/v1/sessions/" + first.get("id").asString() + "/close", "");

        JsonNode seated = json.readTree(get("/api/v1/sessions/" + waiting.get("id").asString()).body());
        assertThat(seated.get("status").asString()).isEqualTo("assigned");
        assertThat(seated.get("botId").asString()).isEqualTo("solo");

        JsonNode chatOnly = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"cy\",\"groupId\":\"sales\"}").body());
        assertThat(chatOnly.get("botId").asString()).as("solo is full").isEqualTo("other");
        post(port, "/api/v1/sessions/" + seated.get("id").asString() + "/close", "");
        JsonNode again = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"cy\",\"groupId\":\"sales\"}").body());
        assertThat(again.get("botId").asString()).as("cy goes back to the bot she spoke with, though solo is emptier")
                .isEqualTo("other");
    }

    @Test
    void anOfflineBotsSessionsMoveToBotsWithRoomAndATransferCountsItsSwitch() throws Exception {
        onlineBot("failing", "care", List.of(), 2);
        onlineBot("steady", "care", List.of(), 3);
        List<String> ids = new ArrayList<>();
        for (String user : List.of("u1", "u2", "u3", "u4")) {
            ids.add(json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"" + user + "\",\"groupId\":\"care\"}").body())
                    .get("id").asString());
        }
        assertThat(assignedTo("failing")).isEqualTo(2);
        assertThat(assignedTo("steady")).isEqualTo(2);

        send(new BotStatusChanged("failing", "online", "offline", "heartbeat-timeout", "system", Instant.now().plusSeconds(5)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (assignedTo("failing") > 0 || assignedTo("steady") < 3) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(assignedTo("steady")).as("its one free seat taken, never more").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from session where tenant_id = :t and status = 'waiting'").param("t", tenant)
                .query(Integer.class).single()).isEqualTo(1);

        onlineBot("spare", "care", List.of(), 5);
        Thread.sleep(300);
        String moving = ids.stream().filter(id -> "steady".equals(json.readTree(get("/api/v1/sessions/" + id).body())
                .get("botId").asString(""))).findFirst().orElseThrow();
        JsonNode moved = json.readTree(post(port, "/api/v1/sessions/" + moving + "/transfer", "{\"toBotId\":\"spare\"}").body());
        assertThat(moved.get("botId").asString()).isEqualTo("spare");
        assertThat(moved.get("switchCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(post(port, "/api/v1/sessions/" + moving + "/transfer", "{\"toBotId\":\"failing\"}").statusCode())
                .as("an offline bot takes no transfer").isEqualTo(409);
    }

    @Test
    void aMessageOfANewConversationOpensASessionAndMessagesAreNumberedInOrderOnce() throws Exception {
        onlineBot("talker", "care", List.of(), 5);
        List<io.bothub.events.callback.CallbackReceived> callbacks = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            callbacks.add(new io.bothub.events.callback.CallbackReceived("msg-" + tenant + "-" + i, "talker", "message", "text",
                    Map.of("conversationId", "conv-9", "userId", "zoe", "text", "line " + i,
                            "direction", i % 2 == 1 ? "inbound" : "outbound"), Instant.now()));
        }
        for (var callback : callbacks) {
            send(callback);
        }
        send(callbacks.get(1));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.sql("select count(*) from session_message where tenant_id = :t").param("t", tenant).query(Integer.class).single() < 3) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(500);
        String session = jdbc.sql("select id::text from session where tenant_id = :t and conversation_id = 'conv-9'")
                .param("t", tenant).query(String.class).single();
        JsonNode opened = json.readTree(get("/api/v1/sessions/" + session).body());
        assertThat(opened.get("botId").asString()).isEqualTo("talker");
        assertThat(opened.get("userId").asString()).isEqualTo("zoe");
        JsonNode messages = json.readTree(get("/api/v1/sessions/" + session + "/messages").body());
        assertThat(messages).hasSize(3);
        assertThat(messages.findValuesAsString("messageId")).containsExactly("msg-" + tenant + "-1", "msg-" + tenant + "-2",
                "msg-" + tenant + "-3");
        assertThat(messages.findValues("seq").stream().map(JsonNode::asInt).toList()).containsExactly(1, 2, 3);
        assertThat(messages.get(0).get("direction").asString()).isEqualTo("inbound");
    }

    @Test
    void aBatchRanksBySeatsTakenElsewhereSinceTheLastOne() throws Exception {
        onlineBot("alpha", "desk", List.of(), 5);
        onlineBot("beta", "desk", List.of(), 5);
        JsonNode first = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"f1\",\"groupId\":\"desk\"}").body());
        assertThat(first.get("botId").asString()).as("equal loads: the first id").isEqualTo("alpha");

        // Another replica seats two sessions on beta: this replica's batches did not take them, and still see them.
        capacity.takeEach(tenant, List.of(List.of(new SessionCapacity.Candidate("beta", 5)),
                List.of(new SessionCapacity.Candidate("beta", 5))));
        JsonNode second = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"f2\",\"groupId\":\"desk\"}").body());
        assertThat(second.get("botId").asString()).as("alpha holds 1, beta 2").isEqualTo("alpha");

        // Those two sessions close on the other replica: beta is empty again, and this replica's next batch knows it.
        capacity.release(tenant, "beta");
        capacity.release(tenant, "beta");
        JsonNode third = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"f3\",\"groupId\":\"desk\"}").body());
        assertThat(third.get("botId").asString()).as("alpha holds 2, beta none").isEqualTo("beta");
        assertThat(capacity.loads(tenant)).containsEntry("alpha", 2).containsEntry("beta", 1);
    }

    @Test
    void aDeletedTenantsSeatCountsLeaveRedis() throws Exception {
        onlineBot("doomed", "gone", List.of(), 3);
        JsonNode opened = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"d1\",\"groupId\":\"gone\"}").body());
        assertThat(opened.get("botId").asString()).isEqualTo("doomed");
        assertThat(capacity.loads(tenant)).containsEntry("doomed", 1);

        send(new io.bothub.events.tenant.TenantDeleted(tenant, "user:admin", java.time.Instant.now()));
        io.bothub.routing.TestFleet.await(() -> capacity.loads(tenant).isEmpty(), "the seat counts erased");
        assertThat(jdbc.sql("select count(*) from session where tenant_id = :t").param("t", tenant).query(Integer.class)
                .single()).isZero();
    }

    @Test
    void aSeatTakenForABotThatWentOfflineMeanwhileIsGivenBackAndTheSessionWaits() throws Exception {
        onlineBot("fading", "edge", List.of(), 1);
        JsonNode first = json.readTree(post(port, "/api/v1/sessions", "{\"userId\":\"e1\",\"groupId\":\"edge\"}").body());
        assertThat(first.get("botId").asString()).isEqualTo("fading");
        post(port, "/api/v1/sessions/" + first.get("id").asString() + "/close", "");

        // Another replica consumed the bot's going offline: the view's row says so, this replica's fleet, read for the
        // first session and held for a second, may not yet. Either way the seat must not stay taken.
        jdbc.sql("update fleet_bot set status = 'offline' where tenant_id = :t and bot_id = 'fading'").param("t", tenant)
                .update();
        HttpResponse<String> second = post(port, "/api/v1/sessions", "{\"userId\":\"e2\",\"groupId\":\"edge\"}");

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json.readTree(second.body()).get("status").asString()).isEqualTo("waiting");
        assertThat(capacity.loads(tenant).getOrDefault("fading", 0)).as("seats held by the offline bot").isZero();
        assertThat(jdbc.sql("select count(*) from assignment_decision where tenant_id = :t").param("t", tenant)
                .query(Integer.class).single()).as("only the first session was explained").isEqualTo(1);
    }

    @Test
    void anOfflineBotOrAnotherTenantsBotIsNeverAssigned() throws Exception {
        onlineBot("gone", "ops", List.of(), 5);
        send(new BotStatusChanged("gone", "online", "offline", "heartbeat-timeout", "system", Instant.now().plusSeconds(5)));
        awaitStatus("gone", "offline");

        HttpResponse<String> response = post(port, "/api/v1/sessions", "{\"userId\":\"dan\",\"groupId\":\"ops\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        HttpResponse<String> intruder = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/sessions/" + json.readTree(response.body()).get("id").asString()))
                .header("X-BotHub-Tenant-Id", "intruder").header("X-BotHub-Scopes", "admin").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(intruder.statusCode()).isEqualTo(404);
    }

    private int assignedTo(String bot) {
        return jdbc.sql("select count(*) from session where tenant_id = :t and bot_id = :b and status = 'assigned'")
                .param("t", tenant).param("b", bot).query(Integer.class).single();
    }

    private void onlineBot(String botId, String group, List<String> capabilities, int maxSessions) throws Exception {
        Instant now = Instant.now();
        send(new BotRegistered(botId, botId, group, capabilities, maxSessions, 100, null, now));
        send(new BotStatusChanged(botId, "offline", "online", "heartbeat", "system", now.plusMillis(1)));
        awaitStatus(botId, "online");
    }

    private void awaitStatus(String botId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!status.equals(jdbc.sql("select status from fleet_bot where tenant_id = :t and bot_id = :b")
                .param("t", tenant).param("b", botId).query(String.class).optional().orElse(""))) {
            assertThat(System.nanoTime()).as("bot %s never became %s", botId, status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void send(BotHubEvent event) throws Exception {
        EventEnvelope<BotHubEvent> envelope = EventEnvelope.of(URI.create("/bothub/bot-service"), tenant, null, event);
        kafka.send(envelope.topic(), envelope.key(), envelope).get();
    }

    private int startSecondReplica() {
        secondReplica = AnotherReplica.start(RoutingServiceApplication.class, environment, Map.of());
        return AnotherReplica.port(secondReplica);
    }

    private HttpResponse<String> post(int target, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path))
                    .header("Content-Type", "application/json").header("X-BotHub-Tenant-Id", tenant)
                    .header("X-BotHub-Principal", "user:agent-desk").header("X-BotHub-Scopes", "chat config_read")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-BotHub-Tenant-Id", tenant).header("X-BotHub-Scopes", "config_read").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
