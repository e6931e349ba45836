package io.bothub.command.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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

import io.bothub.command.Fleet;
import io.bothub.command.TestBots;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** The operators' API: validation, idempotency, batches, tenancy and scopes. Bots stay offline: nothing is sent. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class CommandApiTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired TransitSecrets transit;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
        fleet.register("alpha", "support", "http://127.0.0.1:9/alpha", TestBots.newSecret());
        fleet.register("beta", "support", "http://127.0.0.1:9/beta", TestBots.newSecret());
        fleet.register("gamma", "sales", null, TestBots.newSecret());
    }

    private int commandCount() {
        return jdbc.sql("select count(*) from command where tenant_id = :t").param("t", fleet.tenant).query(Integer.class).single();
    }

    @Test
    void anUnknownTypeOrABadPayloadIsRefusedWithTheFieldsAtFaultAndQueuesNothing() {
        HttpResponse<String> unknown = fleet.post("/api/v1/commands", "{\"botId\":\"alpha\",\"type\":\"self_destruct\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(unknown.body()).contains("\"field\":\"type\"").contains("unknown command type 'self_destruct'");

        HttpResponse<String> badPayload = fleet.post("/api/v1/commands",
                "{\"botId\":\"alpha\",\"type\":\"send_message\",\"payload\":{\"txt\":\"hi\"}}");
        assertThat(badPayload.statusCode()).isEqualTo(400);
        JsonNode errors = Fleet.JSON.readTree(badPayload.body()).get("errors");
        assertThat(errors.toString()).contains("payload.txt").contains("payload.text");

        HttpResponse<String> twoTargets = fleet.post("/api/v1/commands",
                "{\"botId\":\"alpha\",\"groupId\":\"support\",\"type\":\"get_status\"}");
        assertThat(twoTargets.statusCode()).isEqualTo(400);
        HttpResponse<String> badCapabilities = fleet.post("/api/v1/commands",
                "{\"botId\":\"alpha\",\"type\":\"update_capabilities\",\"payload\":{\"capabilities\":[]}}");
        assertThat(badCapabilities.statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = fleet.post("/api/v1/commands", "{\"botId\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(commandCount()).isZero();
    }

    @Test
    void aParameterOrHeaderOutOfBoundsIsRefusedNamingItAndQueuesNothing() {
        HttpResponse<String> longKey = fleet.post("/api/v1/commands", "{\"botId\":\"alpha\",\"type\":\"get_status\"}",
                "Idempotency-Key", "k".repeat(201));
        assertThat(longKey.statusCode()).isEqualTo(400);
        assertThat(longKey.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(Fleet.JSON.readTree(longKey.body()).get("type").asString()).endsWith("/invalid-request");
        assertThat(longKey.body()).contains("\"field\":\"idempotencyKey\"");

        HttpResponse<String> hugePage = fleet.get("/api/v1/commands?size=500");
        assertThat(hugePage.statusCode()).isEqualTo(400);
        assertThat(hugePage.body()).contains("\"field\":\"size\"");
        assertThat(commandCount()).isZero();
    }

    @Test
    void theSameIdempotencyKeyNeverCreatesASecondCommand() {
        String body = "{\"botId\":\"alpha\",\"type\":\"restart\",\"payload\":{\"reason\":\"upgrade\"}}";
        HttpResponse<String> first = fleet.post("/api/v1/commands", body, "Idempotency-Key", "restart-42");
        HttpResponse<String> again = fleet.post("/api/v1/commands", body, "Idempotency-Key", "restart-42");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(Fleet.JSON.readTree(again.body()).get("id")).isEqualTo(Fleet.JSON.readTree(first.body()).get("id"));
        assertThat(commandCount()).isEqualTo(1);

        HttpResponse<String> reused = fleet.post("/api/v1/commands",
                "{\"botId\":\"beta\",\"type\":\"get_status\"}", "Idempotency-Key", "restart-42");
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("idempotency-key-reused");
        assertThat(commandCount()).isEqualTo(1);
    }

    @Test
    void aGroupBroadcastFansOutIntoOneCommandPerBotUnderOneBatch() throws Exception {
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.COMMAND_QUEUED)) {
            HttpResponse<String> created = fleet.post("/api/v1/commands",
                    "{\"groupId\":\"support\",\"type\":\"send_message\",\"payload\":{\"text\":\"maintenance at 22:00\"},\"priority\":80}",
                    "Idempotency-Key", "broadcast-1");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode batch = Fleet.JSON.readTree(created.body());
            String batchId = batch.get("batchId").asString();
            assertThat(batch.get("commands")).hasSize(2);
            assertThat(batch.get("commands").findValuesAsString("botId")).containsExactly("alpha", "beta");

            JsonNode summary = Fleet.JSON.readTree(fleet.get("/api/v1/command-batches/" + batchId).body());
            assertThat(summary.get("total").asInt()).isEqualTo(2);
            assertThat(summary.get("byStatus").get("queued").asInt()).isEqualTo(2);
            JsonNode listed = Fleet.JSON.readTree(fleet.get("/api/v1/commands?batchId=" + batchId + "&status=queued").body());
            assertThat(listed.get("total").asInt()).isEqualTo(2);

            // The replayed broadcast is the same batch, not a second fan-out.
            HttpResponse<String> replay = fleet.post("/api/v1/commands",
                    "{\"groupId\":\"support\",\"type\":\"send_message\",\"payload\":{\"text\":\"maintenance at 22:00\"},\"priority\":80}",
                    "Idempotency-Key", "broadcast-1");
            assertThat(Fleet.JSON.readTree(replay.body()).get("batchId").asString()).isEqualTo(batchId);
            assertThat(commandCount()).isEqualTo(2);

            var queued = probe.await(r -> fleet.tenant.equals(header(r, CloudEventsKafkaCodec.H_TENANT_ID)), Duration.ofSeconds(20));
            assertThat(queued).hasSize(2).allSatisfy(r -> assertThat(new String(r.value())).contains(batchId));
        }
    }

    @Test
    void anotherTenantsCommandIsNotFoundAndCannotBeTouched() {
        String id = fleet.command("alpha", "get_status", "{}", 50);
        Fleet intruder = new Fleet("intruder-" + UUID.randomUUID(), kafka, transit, jdbc, port);

        assertThat(intruder.get("/api/v1/commands/" + id).statusCode()).isEqualTo(404);
        assertThat(intruder.post("/api/v1/commands/" + id + "/cancel", "").statusCode()).isEqualTo(404);
        assertThat(intruder.post("/api/v1/commands", "{\"botId\":\"alpha\",\"type\":\"get_status\"}").statusCode())
                .as("another tenant's bot does not exist for the intruder").isEqualTo(404);
        assertThat(Fleet.JSON.readTree(intruder.get("/api/v1/commands").body()).get("total").asInt()).isZero();
        assertThat(fleet.statusOf(id)).isEqualTo("queued");
    }

    @Test
    void writingNeedsTheCommandsScopeAndOnlyTheBotItselfReportsOnACommand() {
        HttpResponse<String> reader = fleet.post("/api/v1/commands", "{\"botId\":\"alpha\",\"type\":\"get_status\"}",
                "X-BotHub-Scopes", "config_read");
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body()).contains("insufficient-scope");
        assertThat(commandCount()).isZero();

        String id = fleet.command("alpha", "get_status", "{}", 50);
        HttpResponse<String> wrongBot = fleet.post("/api/v1/commands/" + id + "/ack", "{\"status\":\"acknowledged\"}",
                "X-BotHub-Principal", "bot:beta", "X-BotHub-Scopes", "bot");
        assertThat(wrongBot.statusCode()).isEqualTo(404);
        HttpResponse<String> user = fleet.post("/api/v1/commands/" + id + "/ack", "{\"status\":\"acknowledged\"}");
        assertThat(user.statusCode()).isEqualTo(404);
        assertThat(fleet.statusOf(id)).isEqualTo("queued");

        HttpResponse<String> own = fleet.post("/api/v1/commands/" + id + "/ack",
                "{\"status\":\"acknowledged\",\"result\":{\"uptime\":42}}", "X-BotHub-Principal", "bot:alpha", "X-BotHub-Scopes", "bot");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(fleet.statusOf(id)).isEqualTo("acknowledged");
    }

    @Test
    void priorityChangesWhileQueuedAndAFailedCommandCanBeRetried() {
        String id = fleet.command("alpha", "get_status", "{}", 10);
        HttpResponse<String> changed = fleet.call("PATCH", "/api/v1/commands/" + id, "{\"priority\":99}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(Fleet.JSON.readTree(changed.body()).get("priority").asInt()).isEqualTo(99);
        assertThat(fleet.call("PATCH", "/api/v1/commands/" + id, "{\"priority\":500}").statusCode()).isEqualTo(400);

        assertThat(fleet.post("/api/v1/commands/" + id + "/retry", "").statusCode())
                .as("a queued command is not retried").isEqualTo(409);
        fleet.post("/api/v1/commands/" + id + "/ack", "{\"status\":\"failed\",\"error\":\"disk full\"}",
                "X-BotHub-Principal", "bot:alpha", "X-BotHub-Scopes", "bot");
        assertThat(fleet.statusOf(id)).isEqualTo("failed");
        HttpResponse<String> retried = fleet.post("/api/v1/commands/" + id + "/retry", "");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(Fleet.JSON.readTree(retried.body()).get("status").asString()).isEqualTo("queued");
        assertThat(Fleet.JSON.readTree(retried.body()).get("attempts").asInt()).isZero();
    }

    @Test
    void aTenantOverItsDailyCommandQuotaIsRefusedWith429UntilTomorrowAndNothingIsQueued() {
        fleet.send(new io.bothub.events.tenant.TenantConfigured(fleet.tenant, "active", 10, 1000, 3, java.time.Instant.now()));
        Fleet.await("the quota arrives", () -> jdbc.sql("select count(*) from tenant_quota where tenant_id = :t")
                .param("t", fleet.tenant).query(Integer.class).single() == 1);
        fleet.command("alpha", "get_status", "{}", 50);
        fleet.command("beta", "get_status", "{}", 50);

        HttpResponse<String> broadcast = fleet.post("/api/v1/commands", "{\"groupId\":\"support\",\"type\":\"get_status\"}");

        assertThat(broadcast.statusCode()).as("two more would make 4 of 3").isEqualTo(429);
        assertThat(broadcast.body()).contains("quota-exceeded");
        long retryAfter = Long.parseLong(broadcast.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_401L);
        assertThat(commandCount()).isEqualTo(2);
        assertThat(fleet.post("/api/v1/commands", "{\"botId\":\"gamma\",\"type\":\"get_status\"}").statusCode())
                .as("the refused broadcast took nothing from the quota").isEqualTo(201);
        assertThat(fleet.post("/api/v1/commands", "{\"botId\":\"gamma\",\"type\":\"get_status\"}").statusCode())
                .isEqualTo(429);
        assertThat(commandCount()).isEqualTo(3);
    }

    @Test
    void aDeletedTenantsCommandsBatchesAndBotsAreErasedAndOtherTenantsKeepTheirs() {
        Fleet other = new Fleet("keeper-" + UUID.randomUUID(), kafka, transit, jdbc, port);
        other.register("kept", "support", null, TestBots.newSecret());
        String kept = other.command("kept", "get_status", "{}", 50);
        fleet.command("alpha", "get_status", "{}", 50);
        fleet.post("/api/v1/commands", "{\"groupId\":\"support\",\"type\":\"get_status\"}");
        assertThat(commandCount()).isEqualTo(3);

        fleet.send(new io.bothub.events.tenant.TenantDeleted(fleet.tenant, "user:admin", java.time.Instant.now()));

        Fleet.await("tenant erased", () -> commandCount() == 0);
        for (String table : new String[] {"command_batch", "bot_endpoint", "delivery_attempt"}) {
            assertThat(jdbc.sql("select count(*) from " + table + " where tenant_id = :t").param("t", fleet.tenant)
                    .query(Integer.class).single()).as(table).isZero();
        }
        assertThat(other.statusOf(kept)).isEqualTo("queued");
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}
