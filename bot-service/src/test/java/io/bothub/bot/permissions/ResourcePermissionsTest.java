package io.bothub.bot.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.bot.BotHttp;
import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class ResourcePermissionsTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired ResourcePermissions permissions;
    @Autowired SecretSealer sealer;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();
    private BotHttp bots;
    private String opsKey;
    private String otherKey;

    @BeforeEach
    void twoBots() throws Exception {
        bots = new BotHttp(port);
        opsKey = bots.register(tenant, "{\"botId\":\"ops\",\"name\":\"Ops\"}");
        otherKey = bots.register(tenant, "{\"botId\":\"other\",\"name\":\"Other\"}");
    }

    @Test
    void credentialsAreSealedAtRestHiddenFromOperatorsAndGivenOnlyToTheHoldingBot() throws Exception {
        HttpResponse<String> granted = grant("ops", "{\"resourceType\":\"aliyun_ecs\",\"resourceId\":\"i-123\","
                + "\"permissionLevel\":\"write\",\"credentials\":{\"accessKeyId\":\"LTAI-visible\",\"accessKeySecret\":\"s3cr3t-value\"}}");

        assertThat(granted.statusCode()).isEqualTo(201);
        assertThat(granted.body()).doesNotContain("s3cr3t-value").contains("\"hasCredentials\":true");
        assertThat(jdbc.sql("select encode(credentials_sealed, 'escape') from resource_permission where tenant_id = :t")
                .param("t", tenant).query(String.class).single()).doesNotContain("s3cr3t-value");

        assertThat(get("/api/v1/bots/ops/resource-permissions", tenant, null).body()).doesNotContain("s3cr3t-value");
        JsonNode mine = json.readTree(get("/api/v1/resource-permissions/mine", null, opsKey).body());
        assertThat(mine.get(0).get("credentials").get("accessKeySecret").asString()).isEqualTo("s3cr3t-value");
        assertThat(get("/api/v1/resource-permissions/mine", null, otherKey).body()).isEqualTo("[]");
    }

    @Test
    void anExpiredGrantIsNoLongerHandedOut() throws Exception {
        grant("ops", "{\"resourceType\":\"aws_s3\",\"resourceId\":\"bucket\",\"permissionLevel\":\"read\",\"credentials\":{\"k\":\"v\"}}");
        jdbc.sql("update resource_permission set expires_at = now() - interval '1 minute' where tenant_id = :t")
                .param("t", tenant).update();

        assertThat(get("/api/v1/resource-permissions/mine", null, opsKey).body()).isEqualTo("[]");
    }

    @Test
    void badGrantsAreRefusedAndAnotherTenantSeesNothing() throws Exception {
        HttpResponse<String> bad = grant("ops", "{\"resourceType\":\"Bad Type\",\"resourceId\":\"\",\"permissionLevel\":\"root\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("resourceType").contains("resourceId").contains("permissionLevel");
        assertThat(grantAs("intruder-" + tenant, "ops", "{\"resourceType\":\"x\",\"resourceId\":\"y\",\"permissionLevel\":\"read\"}")
                .statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/bots/ops/resource-permissions", "intruder-" + tenant, null).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from resource_permission where tenant_id = :t").param("t", tenant)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void credentialsSealedWithAnOlderKeyAreResealedWithTheCurrentOneAndStillOpen() throws Exception {
        grant("ops", "{\"resourceType\":\"aws_s3\",\"resourceId\":\"logs\",\"permissionLevel\":\"read\",\"credentials\":{\"k\":\"old-secret\"}}");
        String oldKey = "ZGV2ZWxvcG1lbnQta2V5LW9sZC1yb3RhdGVkLWF3YXk=";
        SealedSecret underOldKey = new SecretSealer("retired", Map.of("retired", oldKey)).seal("{\"k\":\"old-secret\"}");
        jdbc.sql("update resource_permission set credentials_sealed = :s, credentials_key_id = 'retired' where tenant_id = :t")
                .param("s", underOldKey.ciphertext()).param("t", tenant).update();

        SecretSealer withBothKeys = new SecretSealer(sealer.currentKeyId(), Map.of("retired", oldKey,
                sealer.currentKeyId(), "ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGk="));
        ResourcePermissions rotating = new ResourcePermissions(jdbc, withBothKeys, java.time.Clock.systemUTC());
        assertThat(rotating.resealWithCurrentKey()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select credentials_key_id from resource_permission where tenant_id = :t").param("t", tenant)
                .query(String.class).single()).isEqualTo(sealer.currentKeyId());
        assertThat(get("/api/v1/resource-permissions/mine", null, opsKey).body()).contains("old-secret");
    }

    private HttpResponse<String> grant(String botId, String body) throws Exception {
        return grantAs(tenant, botId, body);
    }

    private HttpResponse<String> grantAs(String tenantId, String botId, String body) throws Exception {
        return bots.post("/api/v1/bots/" + botId + "/resource-permissions", tenantId, null, body);
    }

    private HttpResponse<String> get(String path, String tenantId, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (tenantId != null) {
            request.headers(BotHttp.operatorOf(tenantId));
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
