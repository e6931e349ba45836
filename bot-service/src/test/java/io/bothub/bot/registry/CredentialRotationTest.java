package io.bothub.bot.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.standardwebhooks.Webhook;

import io.bothub.bot.BotHttp;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class CredentialRotationTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired BotAuthenticator authenticator;
    @Autowired TransitSecrets transit;

    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();

    @Test
    void afterARotationBothOldAndNewCredentialsWorkUntilTheGraceEndsThenOnlyTheNew() throws Exception {
        BotHttp bots = new BotHttp(port);
        JsonNode registered = json.readTree(bots.post("/api/v1/bots/register", tenant, null,
                "{\"botId\":\"rotor\",\"name\":\"Rotor\"}").body());
        String oldKey = registered.get("apiKey").asString();
        String oldSecret = registered.get("webhookSecret").asString();

        HttpResponse<String> rotated = bots.post("/api/v1/bots/rotor/credentials/rotate", tenant, null, "");
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode fresh = json.readTree(rotated.body());
        String newKey = fresh.get("apiKey").asString();
        assertThat(newKey).isNotEqualTo(oldKey).startsWith("bh_bot_");
        assertThat(fresh.get("webhookSecret").asString()).isNotEqualTo(oldSecret);
        // command-service learns both secrets, sealed: it signs with each until the old one's grace ends.
        JsonNode announced = json.readTree(jdbc.sql("select payload from outbox_event where record_key = 'rotor' "
                        + "and event_type = 'io.bothub.bot.endpoint-changed.v1' and headers::text like :tenant order by seq desc limit 1")
                .param("tenant", "%" + tenant + "%").query(byte[].class).single());
        JsonNode secrets = announced.get("signingSecrets");
        assertThat(secrets).hasSize(2);
        assertThat(transit.open(secrets.get(0).get("keyId").asString(), secrets.get(0).get("ciphertext").asString()))
                .isEqualTo(fresh.get("webhookSecret").asString());
        assertThat(transit.open(secrets.get(1).get("keyId").asString(), secrets.get(1).get("ciphertext").asString()))
                .isEqualTo(oldSecret);
        assertThat(secrets.get(1).get("validUntil").isNull()).isFalse();

        assertThat(bots.heartbeat(newKey, "{}").statusCode()).isEqualTo(200);
        assertThat(bots.heartbeat(oldKey, "{}").statusCode()).as("old key in its grace period").isEqualTo(200);
        assertThat(callback(oldKey, oldSecret).statusCode()).as("old secret in its grace period").isEqualTo(202);

        jdbc.sql("update bot set previous_credentials_until = now() - interval '1 second' where tenant_id = :t")
                .param("t", tenant).update();
        authenticator.forgetAll();

        assertThat(bots.heartbeat(oldKey, "{}").statusCode()).isEqualTo(401);
        assertThat(callback(newKey, oldSecret).statusCode()).isEqualTo(401);
        assertThat(callback(newKey, fresh.get("webhookSecret").asString()).statusCode()).isEqualTo(202);
    }

    @Test
    void anotherTenantCannotRotateABotsCredentials() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"guarded\",\"name\":\"Guarded\"}");

        assertThat(bots.post("/api/v1/bots/guarded/credentials/rotate", "intruder-" + tenant, null, "").statusCode())
                .isEqualTo(404);
        assertThat(bots.heartbeat(key, "{}").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> callback(String apiKey, String secret) throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"status\"}";
        long now = Instant.now().getEpochSecond();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/callbacks"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", new Webhook(secret).sign(id, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
