package io.bothub.bot.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class RegistrationTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TransitSecrets transit;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();

    @Test
    void aRegisteredBotGetsCredentialsOnceStoredOnlyHashedAndSealedAndIsAnnounced() throws Exception {
        HttpResponse<String> response = register(tenant, """
                {"botId":"support-1","name":"Support bot","capabilities":["chat","translate"],"webhookUrl":"http://127.0.0.1:9/hook"}
                """);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        String apiKey = body.get("apiKey").asString();
        String secret = body.get("webhookSecret").asString();
        assertThat(apiKey).startsWith("bh_bot_").hasSize(7 + 43);
        assertThat(secret).startsWith("whsec_");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/bots/support-1");

        String stored = jdbc.sql("select row_to_json(b)::text from bot b where tenant_id = :t and bot_id = 'support-1'")
                .param("t", tenant).query(String.class).single();
        assertThat(stored).doesNotContain(apiKey.substring(7)).doesNotContain(secret.substring(6));
        assertThat(jdbc.sql("select api_key_hash from bot where tenant_id = :t").param("t", tenant)
                .query(byte[].class).single()).isEqualTo(Credentials.hash(apiKey));

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.BOT_LIFECYCLE)) {
            var announced = probe.await(r -> "support-1".equals(r.key())
                    && tenant.equals(header(r, CloudEventsKafkaCodec.H_TENANT_ID)), Duration.ofSeconds(20));
            assertThat(announced).extracting(r -> header(r, CloudEventsKafkaCodec.H_TYPE))
                    .containsExactly("io.bothub.bot.registered.v1", "io.bothub.bot.endpoint-changed.v1");
            assertThat(new String(announced.getFirst().value(), StandardCharsets.UTF_8))
                    .contains("\"capabilities\":[\"chat\",\"translate\"]").doesNotContain("whsec_");
            // The endpoint announcement carries the webhook secret only sealed with the transit key.
            JsonNode endpoint = JsonMapper.builder().build().readTree(announced.get(1).value());
            assertThat(new String(announced.get(1).value(), StandardCharsets.UTF_8)).doesNotContain("whsec_");
            JsonNode sealed = endpoint.get("signingSecrets").get(0);
            assertThat(transit.open(sealed.get("keyId").asString(), sealed.get("ciphertext").asString())).isEqualTo(secret);
        }

        HttpResponse<String> details = get(tenant, "/api/v1/bots/support-1");
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(details.body()).contains("\"maxConcurrentSessions\":10").doesNotContain("apiKey").doesNotContain("whsec_");
    }

    @Test
    void invalidFieldsAreNamedAndNothingIsStoredOrAnnounced() throws Exception {
        int outboxBefore = outboxSize();

        HttpResponse<String> response = register(tenant, """
                {"name":"","capabilities":["Not Valid"],"maxConcurrentSessions":0,"webhookUrl":"ftp://x"}
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://bothub.io/problems/invalid-request");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .contains("name", "capabilities[0]", "maxConcurrentSessions", "webhookUrl");
        assertThat(problem.get("requestId").asString()).isNotBlank();
        assertThat(botsOf(tenant)).isZero();
        assertThat(outboxSize()).isEqualTo(outboxBefore);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedClearly() throws Exception {
        HttpResponse<String> response = register(tenant, "{name:");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unreadable-body");
        assertThat(botsOf(tenant)).isZero();
    }

    @Test
    void aSecondBotWithTheSameIdInTheTenantIsRefusedButAnotherTenantMayUseIt() throws Exception {
        assertThat(register(tenant, "{\"botId\":\"twin\",\"name\":\"A\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> again = register(tenant, "{\"botId\":\"twin\",\"name\":\"B\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("bot-exists");
        assertThat(botsOf(tenant)).isEqualTo(1);

        assertThat(register("other-" + tenant, "{\"botId\":\"twin\",\"name\":\"C\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void anotherTenantsBotLooksLikeNoBotAtAll() throws Exception {
        register(tenant, "{\"botId\":\"private-bot\",\"name\":\"Mine\"}");

        HttpResponse<String> response = get("intruder-" + tenant, "/api/v1/bots/private-bot");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Mine");
    }

    @Autowired org.springframework.kafka.core.KafkaTemplate<String, Object> kafka;

    @Test
    void aTenantAtItsBotQuotaCannotRegisterAnotherAndNothingIsStored() throws Exception {
        var quota = io.bothub.events.EventEnvelope.of(URI.create("/bothub/tenant-service"), tenant, null,
                new io.bothub.events.tenant.TenantConfigured(tenant, "active", 2, 1000, 1000, java.time.Instant.now()));
        kafka.send(quota.topic(), quota.key(), quota).get();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("select count(*) from tenant_quota where tenant_id = :t").param("t", tenant).query(Integer.class).single() == 0) {
            assertThat(System.nanoTime()).as("the quota arrives").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(register(tenant, "{\"botId\":\"q-1\",\"name\":\"One\"}").statusCode()).isEqualTo(201);
        assertThat(register(tenant, "{\"botId\":\"q-2\",\"name\":\"Two\"}").statusCode()).isEqualTo(201);
        int outboxBefore = outboxSize();

        HttpResponse<String> third = register(tenant, "{\"botId\":\"q-3\",\"name\":\"Three\"}");

        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(third.body()).contains("quota-exceeded").contains("2 bots");
        assertThat(botsOf(tenant)).isEqualTo(2);
        assertThat(outboxSize()).isEqualTo(outboxBefore);
    }

    @Test
    void registeringWithoutATenantIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/bots/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-BotHub-Tenant-Id");
    }

    private HttpResponse<String> register(String tenantId, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/bots/register"))
                .header("Content-Type", "application/json").headers(io.bothub.bot.BotHttp.operatorOf(tenantId))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String tenantId, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).headers(io.bothub.bot.BotHttp.operatorOf(tenantId)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private int botsOf(String tenantId) {
        return jdbc.sql("select count(*) from bot where tenant_id = :t").param("t", tenantId).query(Integer.class).single();
    }

    private int outboxSize() {
        return jdbc.sql("select count(*) from outbox_event").query(Integer.class).single();
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
