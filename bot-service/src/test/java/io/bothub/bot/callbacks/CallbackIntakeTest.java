package io.bothub.bot.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.standardwebhooks.Webhook;

import io.bothub.bot.BotHttp;
import io.bothub.events.Topics;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/** Callbacks signed by the Standard Webhooks reference library, verified by ours. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class CallbackIntakeTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String tenant = "tenant-" + UUID.randomUUID();
    private String apiKey;
    private String secret;

    @BeforeEach
    void registerBot() throws Exception {
        HttpResponse<String> response = new BotHttp(port).post("/api/v1/bots/register", tenant, null,
                "{\"botId\":\"caller\",\"name\":\"Caller\"}");
        var body = JsonMapper.builder().build().readTree(response.body());
        apiKey = body.get("apiKey").asString();
        secret = body.get("webhookSecret").asString();
    }

    @Test
    void aSignedCallbackIsLoggedAndPublishedOnceAndItsReplayIsRefused() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"message\",\"eventType\":\"text\",\"payload\":{\"text\":\"hello\",\"from\":\"user-9\"}}";
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(secret).sign(id, now, body);

        HttpResponse<String> accepted = send(id, now, signature, body);
        HttpResponse<String> replay = send(id, now, signature, body);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("replayed-callback");
        assertThat(logged()).isEqualTo(1);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.CALLBACK_RECEIVED)) {
            var published = probe.await(r -> new String(r.value()).contains(id), Duration.ofSeconds(20));
            assertThat(published).hasSize(1);
            assertThat(new String(published.getFirst().value())).contains("\"text\":\"hello\"").contains("\"botId\":\"caller\"");
        }
    }

    @Test
    void aCallbackSignedWithAnotherSecretIsRefused() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"event\"}";
        long now = Instant.now().getEpochSecond();
        String forged = new Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])).sign(id, now, body);

        HttpResponse<String> response = send(id, now, forged, body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("bad-signature");
        assertThat(logged()).isZero();
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(secret).sign(id, now, "{\"type\":\"status\",\"payload\":{\"ok\":true}}");

        HttpResponse<String> response = send(id, now, signature, "{\"type\":\"status\",\"payload\":{\"ok\":false}}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(logged()).isZero();
    }

    @Test
    void aCallbackWithAStaleTimestampIsRefusedEvenWhenCorrectlySigned() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"status\"}";
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();

        HttpResponse<String> response = send(id, tenMinutesAgo, new Webhook(secret).sign(id, tenMinutesAgo, body), body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("stale-callback");
        assertThat(logged()).isZero();
    }

    @Test
    void anUnsignedCallbackIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/callbacks"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"status\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("unsigned-callback");
    }

    @Test
    void aSignedCallbackOfUnknownTypeIsRefusedAndNotLogged() throws Exception {
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\":\"gossip\",\"payload\":[1,2]}";
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> response = send(id, now, new Webhook(secret).sign(id, now, body), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"type\"").contains("\"field\":\"payload\"");
        assertThat(logged()).isZero();
    }

    private HttpResponse<String> send(String id, long timestamp, String signature, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/callbacks"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int logged() {
        return jdbc.sql("select count(*) from callback_log where tenant_id = :t").param("t", tenant).query(Integer.class).single();
    }
}
