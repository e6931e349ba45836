package io.bothub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bot-service's API as frontends and bots reach it: through the gateway, over real HTTP, with bot-service writing
 * its own PostgreSQL database, Redis and Kafka. Each refused request is checked to have changed nothing.
 */
class BotApiThroughGatewayTest {

    private static RunningPlatform platform;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private PlatformTenant acme;
    private String tenant;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = RunningPlatform.get();
    }

    @BeforeEach
    void signUp() throws Exception {
        acme = PlatformTenant.signUp(platform.gateway, "acme");
        tenant = acme.id();
    }

    @Test
    void aBotRegistersBeatsAndReportsThroughTheGateway() throws Exception {
        JsonNode registered = register("{\"botId\":\"e2e-1\",\"name\":\"E2E\",\"groupId\":\"customer-service\",\"capabilities\":[\"chat\"]}");
        String key = registered.get("apiKey").asString();

        HttpResponse<String> beat = post("/api/v1/bots/heartbeat", key, "{\"currentLoad\":0.5}", null);
        assertThat(beat.statusCode()).isEqualTo(200);
        assertThat(beat.headers().allValues("X-Request-Id")).hasSize(1);

        HttpResponse<String> callback = signedCallback(key, registered.get("webhookSecret").asString(), "msg_" + UUID.randomUUID());
        assertThat(callback.statusCode()).isEqualTo(202);

        JsonNode fleet = json.readTree(get("/api/v1/bots?status=online&capability=chat", acme.adminToken()).body());
        assertThat(fleet.get("items").findValuesAsString("botId")).containsExactly("e2e-1");
        assertThat(get("/api/v1/bot-groups", acme.adminToken()).body()).contains("customer-service");
        assertThat(count("select count(*) from callback_log where tenant_id = '" + tenant + "'")).isEqualTo(1);
    }

    @Test
    void missingFieldsAndAnUnknownGroupAreRefusedAndNothingIsStored() throws Exception {
        HttpResponse<String> missing = post("/api/v1/bots/register", acme.adminToken(), "{\"capabilities\":[\"chat\"]}", null);
        HttpResponse<String> unknownGroup = post("/api/v1/bots/register", acme.adminToken(), "{\"name\":\"x\",\"groupId\":\"nope\"}", null);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(missing.body()).contains("\"field\":\"name\"");
        assertThat(unknownGroup.statusCode()).isEqualTo(400);
        assertThat(unknownGroup.body()).contains("\"field\":\"groupId\"");
        assertThat(count("select count(*) from bot where tenant_id = '" + tenant + "'")).isZero();
    }

    @Test
    void aBadKeyABadSignatureAndAReplayAreRefusedAndChangeNothing() throws Exception {
        JsonNode registered = register("{\"botId\":\"e2e-2\",\"name\":\"E2E 2\"}");
        String key = registered.get("apiKey").asString();
        String secret = registered.get("webhookSecret").asString();

        assertThat(post("/api/v1/bots/heartbeat", "bh_bot_" + "z".repeat(43), "{}", null).statusCode()).isEqualTo(401);
        assertThat(count("select count(*) from bot_status_history where tenant_id = '" + tenant + "'")).isZero();

        String forgedSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(signedCallback(key, forgedSecret, "msg_" + UUID.randomUUID()).statusCode()).isEqualTo(401);

        String id = "msg_" + UUID.randomUUID();
        assertThat(signedCallback(key, secret, id).statusCode()).isEqualTo(202);
        HttpResponse<String> replay = signedCallback(key, secret, id);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("replayed-callback").contains("\"requestId\"");
        assertThat(count("select count(*) from callback_log where tenant_id = '" + tenant + "'")).isEqualTo(1);
    }

    @Test
    void anotherTenantsBotIsNotFoundAndCannotBeChanged() throws Exception {
        register("{\"botId\":\"e2e-3\",\"name\":\"Mine\"}");
        PlatformTenant intruder = PlatformTenant.signUp(platform.gateway, "intruder");

        assertThat(get("/api/v1/bots/e2e-3", intruder.adminToken()).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/bots", intruder.adminToken()).body()).doesNotContain("e2e-3");
        // Naming the victim's tenant in the header changes nothing: the gateway replaces it with the verified one.
        HttpResponse<String> change = http.send(HttpRequest.newBuilder(URI.create(platform.gateway + "/api/v1/bots/e2e-3"))
                .header("Authorization", "Bearer " + intruder.adminToken()).header("X-BotHub-Tenant-Id", tenant)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"weight\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(change.statusCode()).isEqualTo(404);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(platform.gateway + "/api/v1/bots/e2e-3"))
                .header("X-BotHub-Tenant-Id", tenant).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(count("select weight from bot where tenant_id = '" + tenant + "' and bot_id = 'e2e-3'")).isEqualTo(100);
    }

    private JsonNode register(String body) throws Exception {
        HttpResponse<String> response = post("/api/v1/bots/register", acme.adminToken(), body, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private HttpResponse<String> signedCallback(String key, String secret, String id) throws Exception {
        String body = "{\"type\":\"message\",\"eventType\":\"text\",\"payload\":{\"text\":\"hello\"}}";
        long now = Instant.now().getEpochSecond();
        return post("/api/v1/callbacks", key, body, new String[] {"webhook-id", id, "webhook-timestamp",
                Long.toString(now), "webhook-signature", new Webhook(secret).sign(id, now, body)});
    }

    private HttpResponse<String> post(String path, String bearer, String body, String[] headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gateway + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (headers != null) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.gateway + path)).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(platform.botDatabase.jdbcUrl(),
                platform.botDatabase.username(), platform.botDatabase.password());
                Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
