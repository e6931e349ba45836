package io.bothub.task.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.Topics;
import io.bothub.task.Desk;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** A task's life with a chosen bot: approval, delivery by pull, start, progress, completion; and every refusal. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class TaskLifecycleTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private Desk desk;

    @BeforeEach
    void setUp() {
        desk = new Desk("tenant-" + UUID.randomUUID(), kafka, jdbc, port);
        desk.bot("alpha", "ecs");
        desk.bot("beta", "ecs");
    }

    private String create(String priority, String botId) {
        return desk.create("{\"title\":\"Resize ECS\",\"description\":\"to g7.large\",\"params\":{\"instances\":[\"i-1\",\"i-2\"]},"
                + "\"priority\":\"" + priority + "\",\"botId\":\"" + botId + "\"}").get("id").asString();
    }

    private int taskRows() {
        return jdbc.sql("select count(*) from task where tenant_id = :t").param("t", desk.tenant).query(Integer.class).single();
    }

    private int historyRows(String taskId) {
        return jdbc.sql("select count(*) from task_history where task_id = cast(:id as uuid)").param("id", taskId)
                .query(Integer.class).single();
    }

    @Test
    void aTaskNeedingApprovalGoesFromApprovalThroughPullStartAndProgressToCompletion() throws Exception {
        desk.policy("high");
        String id = create("high", "alpha");
        assertThat(desk.statusOf(id)).isEqualTo("pending_approval");
        assertThat(desk.pull("alpha", 0).statusCode()).as("nothing to pull before approval").isEqualTo(204);

        HttpResponse<String> approved = desk.post("/api/v1/tasks/" + id + "/approve", null,
                "X-BotHub-Principal", "user:manager", "X-BotHub-Scopes", "tasks");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(Desk.JSON.readTree(approved.body()).get("status").asString()).isEqualTo("assigned");
        assertThat(Desk.JSON.readTree(approved.body()).get("decidedBy").asString()).isEqualTo("user:manager");

        HttpResponse<String> pulled = desk.pull("alpha", 5);
        assertThat(pulled.statusCode()).isEqualTo(200);
        JsonNode task = Desk.JSON.readTree(pulled.body());
        assertThat(task.get("id").asString()).isEqualTo(id);
        assertThat(task.get("params").get("instances").get(1).asString()).isEqualTo("i-2");
        assertThat(desk.pull("alpha", 0).statusCode()).as("handed out once").isEqualTo(204);

        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/start", null).statusCode()).isEqualTo(200);
        HttpResponse<String> progress = desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/progress",
                "{\"progress\":40,\"message\":\"1 of 2 resized\"}");
        assertThat(progress.statusCode()).isEqualTo(200);
        HttpResponse<String> done = desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/complete",
                "{\"result\":{\"resized\":[\"i-1\",\"i-2\"]}}");
        assertThat(done.statusCode()).isEqualTo(200);

        JsonNode detail = desk.detail(id);
        assertThat(detail.get("task").get("status").asString()).isEqualTo("completed");
        assertThat(detail.get("task").get("result").get("resized").size()).isEqualTo(2);
        assertThat(detail.get("task").get("startedAt").isNull()).isFalse();
        assertThat(detail.get("task").get("finishedAt").isNull()).isFalse();
        assertThat(detail.get("history").findValuesAsString("reason"))
                .containsExactly("created", "approved", "chosen-bot", "delivered", "started", "progress", "completed");
        assertThat(detail.get("history").get(5).get("message").asString()).isEqualTo("1 of 2 resized");

        assertThat(desk.events(id)).containsExactly("pending_approval approval-required", "pending approved", "created",
                "assigned chosen-bot", "running started", "running progress", "completed completed");
        try (KafkaProbe<byte[]> status = KafkaProbe.bytes(bootstrap, Topics.TASK_STATUS)) {
            var completed = status.await(r -> id.equals(r.key()) && new String(r.value()).contains("\"newStatus\":\"completed\""),
                    Duration.ofSeconds(20));
            assertThat(completed).hasSize(1);
            assertThat(new String(completed.getFirst().value())).contains("\"botId\":\"alpha\"").contains("\"resized\"");
        }
    }

    @Test
    void theApprovalPolicyDecidesByPriorityAndOnlyAnAdministratorChangesIt() {
        desk.policy("high");
        assertThat(Desk.JSON.readTree(desk.create("{\"title\":\"t\",\"priority\":\"normal\"}").toString()).get("status").asString())
                .isEqualTo("pending");
        assertThat(desk.create("{\"title\":\"t\",\"priority\":\"urgent\"}").get("status").asString()).isEqualTo("pending_approval");
        desk.policy("low");
        assertThat(desk.create("{\"title\":\"t\",\"priority\":\"low\"}").get("status").asString()).isEqualTo("pending_approval");
        desk.policy(null);
        assertThat(desk.create("{\"title\":\"t\",\"priority\":\"urgent\"}").get("status").asString()).isEqualTo("pending");

        HttpResponse<String> byRequester = desk.put("/api/v1/tasks/policy", "{\"approvalFrom\":\"low\"}");
        assertThat(byRequester.statusCode()).isEqualTo(403);
        HttpResponse<String> nonsense = desk.put("/api/v1/tasks/policy", "{\"approvalFrom\":\"whenever\"}",
                "X-BotHub-Scopes", "admin");
        assertThat(nonsense.statusCode()).isEqualTo(400);
        assertThat(nonsense.body()).contains("approvalFrom");
        assertThat(Desk.JSON.readTree(desk.get("/api/v1/tasks/policy").body()).get("approvalFrom").isNull()).isTrue();
    }

    @Test
    void aRejectedTaskNeverReachesItsBot() {
        desk.policy("low");
        String id = create("normal", "alpha");
        HttpResponse<String> rejected = desk.post("/api/v1/tasks/" + id + "/reject", "{\"reason\":\"not this week\"}");
        assertThat(rejected.statusCode()).isEqualTo(200);
        JsonNode task = desk.detail(id).get("task");
        assertThat(task.get("status").asString()).isEqualTo("rejected");
        assertThat(task.get("failureReason").asString()).isEqualTo("not this week");
        assertThat(desk.pull("alpha", 1).statusCode()).isEqualTo(204);
        assertThat(desk.events(id)).containsExactly("pending_approval approval-required", "rejected rejected");
    }

    @Test
    void aCancelledTaskIsNotDeliveredAndItsBotCannotStartIt() {
        String first = create("normal", "alpha");
        HttpResponse<String> cancelled = desk.post("/api/v1/tasks/" + first + "/cancel", "{\"reason\":\"wrong instances\"}");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(desk.pull("alpha", 1).statusCode()).isEqualTo(204);

        String second = create("normal", "alpha");
        assertThat(desk.pull("alpha", 5).statusCode()).isEqualTo(200);
        assertThat(desk.post("/api/v1/tasks/" + second + "/cancel", null).statusCode()).isEqualTo(200);
        HttpResponse<String> start = desk.asBot("alpha", "POST", "/api/v1/tasks/" + second + "/start", null);
        assertThat(start.statusCode()).isEqualTo(409);
        assertThat(start.body()).contains("invalid-transition").contains("cancelled");
        assertThat(desk.statusOf(second)).isEqualTo("cancelled");
        assertThat(desk.events(second)).endsWith("cancelled cancelled");
    }

    @Test
    void aRepeatedCompletionIsAnsweredWithTheTaskAndAppliedOnce() {
        String id = create("normal", "alpha");
        desk.pull("alpha", 5);
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/start", null);
        HttpResponse<String> first = desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/complete", "{\"result\":{\"n\":1}}");
        HttpResponse<String> again = desk.asBot("alpha", "POST", "/api/v1/tasks/" + id + "/complete", "{\"result\":{\"n\":2}}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(desk.detail(id).get("task").get("result").get("n").asInt()).as("the first report stands").isEqualTo(1);
        assertThat(desk.events(id).stream().filter(e -> e.startsWith("completed"))).hasSize(1);
        assertThat(desk.detail(id).get("history").findValuesAsString("reason").stream().filter("completed"::equals)).hasSize(1);
    }

    @Test
    void invalidTransitionsAreClearConflictsThatChangeNothing() {
        String pending = desk.create("{\"title\":\"routed later\"}").get("id").asString();
        String assigned = create("normal", "alpha");
        String done = create("normal", "beta");
        desk.pull("beta", 5);
        desk.asBot("beta", "POST", "/api/v1/tasks/" + done + "/complete", "{\"result\":{}}");

        record Attempt(String what, Supplier<HttpResponse<String>> call, String taskId) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("approve a task that needs no approval", () -> desk.post("/api/v1/tasks/" + pending + "/approve", null), pending),
                new Attempt("reject an assigned task", () -> desk.post("/api/v1/tasks/" + assigned + "/reject", null), assigned),
                new Attempt("progress before start", () -> desk.asBot("alpha", "POST", "/api/v1/tasks/" + assigned + "/progress",
                        "{\"progress\":10}"), assigned),
                new Attempt("cancel a completed task", () -> desk.post("/api/v1/tasks/" + done + "/cancel", null), done),
                new Attempt("fail a completed task", () -> desk.asBot("beta", "POST", "/api/v1/tasks/" + done + "/fail",
                        "{\"reason\":\"changed my mind\"}"), done),
                new Attempt("start a completed task", () -> desk.asBot("beta", "POST", "/api/v1/tasks/" + done + "/start", null), done));
        for (Attempt attempt : attempts) {
            String before = desk.detail(attempt.taskId()).toString();
            int events = desk.events(attempt.taskId()).size();
            HttpResponse<String> response = attempt.call().get();
            assertThat(response.statusCode()).as(attempt.what()).isEqualTo(409);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            assertThat(response.body()).as(attempt.what()).contains("invalid-transition").contains("\"taskStatus\"");
            assertThat(desk.detail(attempt.taskId()).toString()).as(attempt.what() + " changed nothing").isEqualTo(before);
            assertThat(desk.events(attempt.taskId())).hasSize(events);
        }
    }

    @Test
    void aRetriedCreationWithTheSameIdempotencyKeyGetsTheOneTaskItCreated() {
        String body = "{\"title\":\"Rotate logs\",\"botId\":\"alpha\"}";
        HttpResponse<String> first = desk.post("/api/v1/tasks", body, "Idempotency-Key", "rotate-1");
        HttpResponse<String> retry = desk.post("/api/v1/tasks", body, "Idempotency-Key", "rotate-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String id = Desk.JSON.readTree(first.body()).get("id").asString();
        assertThat(Desk.JSON.readTree(retry.body()).get("id").asString()).isEqualTo(id);
        assertThat(taskRows()).isEqualTo(1);
        assertThat(desk.events(id)).as("announced once").filteredOn(e -> e.equals("created")).hasSize(1);

        HttpResponse<String> reused = desk.post("/api/v1/tasks", "{\"title\":\"Something else\"}", "Idempotency-Key", "rotate-1");
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("idempotency-key-reused");
        assertThat(desk.post("/api/v1/tasks", body, "Idempotency-Key", "rotate-2").statusCode())
                .as("another key is another task").isEqualTo(201);
        assertThat(taskRows()).isEqualTo(2);
    }

    @Test
    void badRequestsAreRefusedWithTheFieldsAtFaultAndCreateNothing() {
        HttpResponse<String> many = desk.post("/api/v1/tasks", "{\"title\":\"t\",\"priority\":\"asap\",\"params\":[1],"
                + "\"deadline\":\"2020-01-01T00:00:00Z\",\"botId\":\"ghost\"}");
        assertThat(many.statusCode()).isEqualTo(400);
        JsonNode fields = Desk.JSON.readTree(many.body()).get("errors");
        assertThat(fields.findValuesAsString("field")).containsExactlyInAnyOrder("priority", "params", "deadline", "botId");
        HttpResponse<String> noTitle = desk.post("/api/v1/tasks", "{\"description\":\"what\"}");
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body()).contains("title");
        assertThat(desk.post("/api/v1/tasks", "{\"title\":").statusCode()).isEqualTo(400);
        assertThat(taskRows()).isZero();
    }

    @Test
    void tenantsAndBotsSeeOnlyTheirOwnTasksAndScopesAreChecked() {
        String id = create("normal", "alpha");
        Desk intruder = new Desk("intruder-" + UUID.randomUUID(), kafka, jdbc, port);
        assertThat(intruder.get("/api/v1/tasks/" + id).statusCode()).isEqualTo(404);
        assertThat(intruder.post("/api/v1/tasks/" + id + "/cancel", null).statusCode()).isEqualTo(404);
        assertThat(Desk.JSON.readTree(intruder.get("/api/v1/tasks").body()).get("total").asInt()).isZero();
        assertThat(intruder.post("/api/v1/tasks", "{\"title\":\"t\",\"botId\":\"alpha\"}").statusCode())
                .as("another tenant's bot cannot be named").isEqualTo(400);

        assertThat(desk.asBot("beta", "GET", "/api/v1/tasks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(desk.asBot("beta", "POST", "/api/v1/tasks/" + id + "/start", null).statusCode()).isEqualTo(404);
        assertThat(Desk.JSON.readTree(desk.asBot("beta", "GET", "/api/v1/tasks?botId=alpha", null).body()).get("total").asInt())
                .as("a bot listing sees only its own").isZero();
        assertThat(desk.asBot("alpha", "GET", "/api/v1/tasks/" + id, null).statusCode()).isEqualTo(200);
        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks", "{\"title\":\"t\"}").statusCode()).isEqualTo(403);
        assertThat(desk.post("/api/v1/tasks", "{\"title\":\"t\"}", "X-BotHub-Scopes", "config_read").statusCode()).isEqualTo(403);
        assertThat(desk.get("/api/v1/tasks/next").statusCode()).as("only a bot pulls").isEqualTo(403);
        assertThat(desk.statusOf(id)).isEqualTo("assigned");
        assertThat(taskRows()).isEqualTo(1);
    }

    @Test
    void tasksAreListedByRequesterBotStatusPriorityAndTimeAndPaged() {
        Instant before = Instant.now().minusSeconds(1);
        create("urgent", "alpha");
        create("low", "beta");
        desk.post("/api/v1/tasks", "{\"title\":\"mine\",\"priority\":\"high\"}", "X-BotHub-Principal", "user:other");
        assertThat(total("")).isEqualTo(3);
        assertThat(total("?botId=alpha")).isEqualTo(1);
        assertThat(total("?status=pending")).isEqualTo(1);
        assertThat(total("?priority=urgent")).isEqualTo(1);
        assertThat(total("?requestedBy=user:other")).isEqualTo(1);
        assertThat(total("?from=" + before)).isEqualTo(3);
        assertThat(total("?to=" + before)).isZero();
        JsonNode page = Desk.JSON.readTree(desk.get("/api/v1/tasks?size=2&page=1").body());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("priority").asString()).as("newest first").isEqualTo("urgent");
        assertThat(desk.get("/api/v1/tasks?status=sleeping").statusCode()).isEqualTo(400);
    }

    private int total(String query) {
        return Desk.JSON.readTree(desk.get("/api/v1/tasks" + query).body()).get("total").asInt();
    }
}
