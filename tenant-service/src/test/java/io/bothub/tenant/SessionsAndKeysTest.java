package io.bothub.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class SessionsAndKeysTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aUserLogsInWithAnES256TokenThatVerifiesAgainstThePublishedJwks() throws Exception {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp(slug, "Ann@Acme.example", "correct horse battery");
        JsonNode tokens = http.login(slug, "ann@acme.example", "correct horse battery");

        SignedJWT jwt = SignedJWT.parse(tokens.get("accessToken").asString());
        JWKSet jwks = JWKSet.parse(http.call("GET", "/api/v1/auth/jwks", null, null, null, null).body());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).as("the JWKS holds public keys only").isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(tenant);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("admin");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isBefore(Date.from(Instant.now().plus(Duration.ofMinutes(16))));
        assertThat(tokens.get("refreshToken").asString()).startsWith("bh_rt_");

        assertThat(http.call("POST", "/api/v1/auth/login", "{\"tenant\":\"" + slug
                + "\",\"email\":\"ann@acme.example\",\"password\":\"wrong password!\"}", null, null, null).statusCode()).isEqualTo(401);
        assertThat(http.call("POST", "/api/v1/auth/login", "{\"tenant\":\"" + slug
                + "\",\"email\":\"nobody@acme.example\",\"password\":\"correct horse battery\"}", null, null, null).statusCode()).isEqualTo(401);
        String stored = jdbc.sql("select password_hash from app_user where tenant_id = :t").param("t", tenant).query(String.class).single();
        assertThat(stored).startsWith("$2").doesNotContain("correct horse");
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseEndsEverySessionOfThatUser() {
        TenantHttp http = new TenantHttp(port);
        http.signUp(slug, "bob@acme.example", "correct horse battery");
        String first = http.login(slug, "bob@acme.example", "correct horse battery").get("refreshToken").asString();

        HttpResponse<String> refreshed = http.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + first + "\"}", null, null, null);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String second = TenantHttp.JSON.readTree(refreshed.body()).get("refreshToken").asString();

        HttpResponse<String> replayed = http.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + first + "\"}", null, null, null);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(http.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + second + "\"}", null, null, null).statusCode())
                .as("the stolen token's reuse ended the legitimate session too").isEqualTo(401);

        String third = http.login(slug, "bob@acme.example", "correct horse battery").get("refreshToken").asString();
        assertThat(http.call("POST", "/api/v1/auth/logout", "{\"refreshToken\":\"" + third + "\"}", null, null, null).statusCode()).isEqualTo(204);
        assertThat(http.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + third + "\"}", null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAgentKeyIsShownOnceStoredHashedNamesItsTenantAndAgentAndStopsWorkingWhenRevoked() {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp(slug, "cy@acme.example", "correct horse battery");
        String agent = TenantHttp.JSON.readTree(http.asAdmin("POST", "/api/v1/agents",
                "{\"name\":\"helpdesk\",\"template\":\"customer-service\"}", tenant).body()).get("id").asString();

        HttpResponse<String> issued = http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys",
                "{\"scopes\":[\"chat\",\"config_write\"]}", tenant);
        assertThat(issued.statusCode()).isEqualTo(201);
        String apiKey = TenantHttp.JSON.readTree(issued.body()).get("apiKey").asString();
        assertThat(apiKey).startsWith("bh_ak_" + tenant + "_" + agent + "_").endsWith("_v1");
        String keyId = TenantHttp.JSON.readTree(issued.body()).get("key").get("id").asString();

        String listed = http.asAdmin("GET", "/api/v1/agents/" + agent + "/keys", null, tenant).body();
        assertThat(listed).doesNotContain(apiKey).contains("displayPrefix");
        assertThat(jdbc.sql("select count(*) from agent_api_key where key_hash = sha256(convert_to(:k, 'UTF8'))")
                .param("k", apiKey).query(Integer.class).single()).isEqualTo(1);

        HttpResponse<String> verified = http.call("POST", "/internal/v1/agent-keys/verify", "{\"apiKey\":\"" + apiKey + "\"}", null, null, null);
        assertThat(verified.statusCode()).isEqualTo(200);
        JsonNode who = TenantHttp.JSON.readTree(verified.body());
        assertThat(who.get("tenantId").asString()).isEqualTo(tenant);
        assertThat(who.get("principal").asString()).isEqualTo("agent:" + agent);
        assertThat(who.get("scopes").toString()).contains("chat").contains("config_write");

        String tampered = apiKey.substring(0, apiKey.length() - 4) + "XXXX";
        assertThat(http.call("POST", "/internal/v1/agent-keys/verify", "{\"apiKey\":\"" + tampered + "\"}", null, null, null).statusCode())
                .isEqualTo(401);
        assertThat(http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys/" + keyId + "/revoke", "", tenant).statusCode()).isEqualTo(200);
        assertThat(http.call("POST", "/internal/v1/agent-keys/verify", "{\"apiKey\":\"" + apiKey + "\"}", null, null, null).statusCode())
                .isEqualTo(401);

        HttpResponse<String> badScope = http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys", "{\"scopes\":[\"bot\",\"root\"]}", tenant);
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(badScope.body()).contains("root");
        HttpResponse<String> pastExpiry = http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys",
                "{\"scopes\":[\"chat\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}", tenant);
        assertThat(pastExpiry.statusCode()).isEqualTo(400);
    }

    @Test
    void anotherTenantCannotSeeOrTouchAgentsUsersOrKeysAndOnlyAdministratorsIssueKeys() {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp(slug, "di@acme.example", "correct horse battery");
        String intruder = http.signUp("intruder-" + UUID.randomUUID().toString().substring(0, 8), "eve@evil.example", "correct horse battery");
        String agent = TenantHttp.JSON.readTree(http.asAdmin("POST", "/api/v1/agents", "{\"name\":\"ops\"}", tenant).body()).get("id").asString();

        assertThat(http.asAdmin("GET", "/api/v1/agents/" + agent, null, intruder).statusCode()).isEqualTo(404);
        assertThat(http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys", "{\"scopes\":[\"chat\"]}", intruder).statusCode()).isEqualTo(404);
        assertThat(http.asAdmin("GET", "/api/v1/agents", null, intruder).body()).doesNotContain(agent);
        assertThat(http.asAdmin("GET", "/api/v1/users", null, intruder).body()).doesNotContain("di@acme.example");

        HttpResponse<String> observer = http.call("POST", "/api/v1/agents/" + agent + "/keys", "{\"scopes\":[\"chat\"]}",
                tenant, "user:someone", "config_read");
        assertThat(observer.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from agent_api_key where tenant_id = :t").param("t", tenant).query(Integer.class).single()).isZero();
    }

    @Test
    void deletingATenantRemovesItsDataHereAnnouncesItAndEndsItsCredentials() throws Exception {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp(slug, "fay@acme.example", "correct horse battery");
        String agent = TenantHttp.JSON.readTree(http.asAdmin("POST", "/api/v1/agents", "{\"name\":\"ops\"}", tenant).body()).get("id").asString();
        String apiKey = TenantHttp.JSON.readTree(http.asAdmin("POST", "/api/v1/agents/" + agent + "/keys",
                "{\"scopes\":[\"chat\"]}", tenant).body()).get("apiKey").asString();
        String refresh = http.login(slug, "fay@acme.example", "correct horse battery").get("refreshToken").asString();

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.TENANT_LIFECYCLE)) {
            assertThat(http.asAdmin("DELETE", "/api/v1/tenants/me", null, tenant).statusCode()).isEqualTo(202);
            // The probe reads from the start: the sign-up's tenant.configured comes first.
            var announced = probe.await(r -> tenant.equals(r.key())
                    && "io.bothub.tenant.deleted.v1".equals(new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value())),
                    Duration.ofSeconds(20));
            assertThat(announced).hasSize(1);
            assertThat(new String(announced.getFirst().headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value()))
                    .isEqualTo("io.bothub.tenant.deleted.v1");
        }
        for (String table : new String[] {"app_user", "agent", "agent_api_key", "refresh_token"}) {
            assertThat(jdbc.sql("select count(*) from " + table + " where tenant_id = :t").param("t", tenant)
                    .query(Integer.class).single()).as(table).isZero();
        }
        assertThat(http.call("POST", "/internal/v1/agent-keys/verify", "{\"apiKey\":\"" + apiKey + "\"}", null, null, null).statusCode()).isEqualTo(401);
        assertThat(http.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + refresh + "\"}", null, null, null).statusCode()).isEqualTo(401);
        assertThat(http.asAdmin("GET", "/api/v1/tenants/me", null, tenant).statusCode()).isEqualTo(404);
        assertThat(http.call("POST", "/api/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"again\",\"admin\":{\"email\":\"x@y.example\","
                + "\"displayName\":\"X\",\"password\":\"correct horse battery\"}}", null, null, null).statusCode())
                .as("a deleted tenant's slug is not handed to someone else").isEqualTo(409);
    }
}
