package io.bothub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own checks, with tenant-service and bot-service played by local HTTP servers (their real
 * behaviour is covered in their own tests and, together, in platform-tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bothub.gateway.auth.key-cache-ttl=300ms",
        "bothub.gateway.auth.per-principal-per-minute=5",
        "bothub.gateway.auth.per-tenant-per-minute=1000"})
class AuthenticationTest {

    static final StubService TENANT_SERVICE = start();
    static final StubService BOT_SERVICE = start();
    static final ECKey SIGNING_KEY = key();
    static final String VERIFY_AGENT = "/internal/v1/agent-keys/verify";

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("bothub.services.tenant-url", TENANT_SERVICE::url);
        registry.add("bothub.services.bot-url", BOT_SERVICE::url);
        registry.add("bothub.redis.database", () -> "1");
        registry.add("bothub.redis.namespace", () -> "test-gateway-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        TENANT_SERVICE.close();
        BOT_SERVICE.close();
    }

    @BeforeEach
    void reset() {
        BOT_SERVICE.received.clear();
        TENANT_SERVICE.answer("/api/v1/auth/jwks", 200, "application/json",
                new JWKSet(SIGNING_KEY.toPublicJWK()).toString());
        TENANT_SERVICE.answer(VERIFY_AGENT, 401, "application/problem+json", "{\"status\":401}");
        // Every other tenant is active with a generous quota unless a test says otherwise.
        TENANT_SERVICE.answer(200, "application/json", "{\"status\":\"active\",\"requestsPerMinute\":1000}");
    }

    @Test
    void aSuspendedTenantsUsersAndKeysAreRefusedWith403AndADeletedTenantsWith401() throws Exception {
        TENANT_SERVICE.answer("/internal/v1/tenants/tn-paused/standing", 200, "application/json",
                "{\"status\":\"suspended\",\"requestsPerMinute\":1000}");
        TENANT_SERVICE.answer("/internal/v1/tenants/tn-gone/standing", 404, "application/problem+json", "{\"status\":404}");

        HttpResponse<String> paused = send(request("/api/v1/bots").header("Authorization",
                "Bearer " + token(SIGNING_KEY, "tn-paused", Instant.now().plusSeconds(600), "bothub")));
        HttpResponse<String> gone = send(request("/api/v1/bots").header("Authorization",
                "Bearer " + token(SIGNING_KEY, "tn-gone", Instant.now().plusSeconds(600), "bothub")));

        assertThat(paused.statusCode()).isEqualTo(403);
        assertThat(json.readTree(paused.body()).get("type").asString()).isEqualTo("https://bothub.io/problems/tenant-suspended");
        assertThat(gone.statusCode()).isEqualTo(401);
        assertThat(BOT_SERVICE.received).isEmpty();
    }

    @Test
    void aTenantsOwnRequestQuotaLimitsAllItsPrincipalsTogether() throws Exception {
        String tenant = "tn-small-" + UUID.randomUUID();
        TENANT_SERVICE.answer("/internal/v1/tenants/" + tenant + "/standing", 200, "application/json",
                "{\"status\":\"active\",\"requestsPerMinute\":3}");
        String ann = token(SIGNING_KEY, tenant, Instant.now().plusSeconds(600), "bothub");
        String bob = tokenFor(SIGNING_KEY, tenant, "user:us-bob");

        int ok = 0;
        for (String token : new String[] {ann, bob, ann, bob}) {
            ok += send(request("/api/v1/bots").header("Authorization", "Bearer " + token)).statusCode() == 200 ? 1 : 0;
        }
        HttpResponse<String> over = send(request("/api/v1/bots").header("Authorization", "Bearer " + bob));

        assertThat(ok).as("two users, one budget of 3 a minute").isEqualTo(3);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After")).isPresent();
        assertThat(over.body()).contains("tenant");
    }

    @Test
    void aRequestWithoutACredentialIsRefusedWithA401ProblemAndNeverReachesAService() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/bots").header("X-BotHub-Tenant-Id", "tn-victim"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("https://bothub.io/problems/unauthorized");
        assertThat(BOT_SERVICE.received).isEmpty();
    }

    @Test
    void aValidUserTokenReachesTheServiceWithTheVerifiedIdentityAndForgedHeadersReplaced() throws Exception {
        String token = token(SIGNING_KEY, "tn-real", Instant.now().plusSeconds(600), "bothub");

        HttpResponse<String> response = send(request("/api/v1/bots").header("Authorization", "Bearer " + token)
                .header("X-BotHub-Tenant-Id", "tn-victim").header("X-BotHub-Scopes", "admin"));

        assertThat(response.statusCode()).isEqualTo(200);
        StubService.Received received = BOT_SERVICE.received.getFirst();
        assertThat(received.headers().get("x-bothub-tenant-id")).isEqualTo("tn-real");
        assertThat(received.headers().get("x-bothub-principal")).isEqualTo("user:us-ann");
        assertThat(received.headers().get("x-bothub-scopes")).isEqualTo("config_read");
    }

    @Test
    void anExpiredTamperedForeignOrWronglyIssuedTokenIsRefused() throws Exception {
        String expired = token(SIGNING_KEY, "tn-real", Instant.now().minusSeconds(5), "bothub");
        String valid = token(SIGNING_KEY, "tn-real", Instant.now().plusSeconds(600), "bothub");
        String[] parts = valid.split("\\.");
        String tamperedClaims = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("tn-real", "tn-other");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(tamperedClaims.getBytes()) + "." + parts[2];
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(SIGNING_KEY.getKeyID()).generate();
        String foreign = token(stranger, "tn-real", Instant.now().plusSeconds(600), "bothub");
        String otherIssuer = token(SIGNING_KEY, "tn-real", Instant.now().plusSeconds(600), "someone-else");

        for (String token : new String[] {expired, tampered, foreign, otherIssuer, "not-a-token"}) {
            HttpResponse<String> response = send(request("/api/v1/bots").header("Authorization", "Bearer " + token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
        }
        assertThat(BOT_SERVICE.received).isEmpty();
    }

    @Test
    void aRevokedApiKeyStopsWorkingWithinTheCacheInterval() throws Exception {
        String key = "bh_ak_tn-keys_ag-one_" + "A".repeat(32) + "_v1";
        TENANT_SERVICE.answer(VERIFY_AGENT, 200, "application/json",
                "{\"tenantId\":\"tn-keys\",\"principal\":\"agent:ag-one\",\"scopes\":[\"chat\"]}");
        assertThat(send(request("/api/v1/bots").header("Authorization", "Bearer " + key)).statusCode()).isEqualTo(200);

        TENANT_SERVICE.answer(VERIFY_AGENT, 401, "application/problem+json", "{\"status\":401}");
        Thread.sleep(400);

        assertThat(send(request("/api/v1/bots").header("Authorization", "Bearer " + key)).statusCode()).isEqualTo(401);
    }

    @Test
    void aPrincipalOverItsLimitGets429WithRetryAfter() throws Exception {
        String token = token(SIGNING_KEY, "tn-busy-" + UUID.randomUUID(), Instant.now().plusSeconds(600), "bothub");
        int ok = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = send(request("/api/v1/bots").header("Authorization", "Bearer " + token));
            ok += last.statusCode() == 200 ? 1 : 0;
        }
        assertThat(ok).isEqualTo(5);
        assertThat(last.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 61L);
        assertThat(json.readTree(last.body()).get("type").asString()).isEqualTo("https://bothub.io/problems/rate-limited");
    }

    @Test
    void signUpLoginAndTheJwksNeedNoCredential() throws Exception {
        TENANT_SERVICE.answer("/api/v1/auth/login", 200, "application/json", "{\"accessToken\":\"x\"}");
        HttpResponse<String> login = send(request("/api/v1/auth/login").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(send(request("/api/v1/auth/jwks")).statusCode()).isEqualTo(200);
        assertThat(send(request("/api/v1/tenants/me")).statusCode()).as("not public").isEqualTo(401);
    }

    private static String tokenFor(ECKey key, String tenant, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("bothub").subject(subject).claim("tid", tenant)
                        .claim("scope", "config_read").expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .issueTime(new Date()).build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    private static String token(ECKey key, String tenant, Instant expires, String issuer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("user:us-ann").claim("tid", tenant)
                        .claim("scope", "config_read").expirationTime(Date.from(expires)).issueTime(new Date()).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ECKey key() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static StubService start() {
        return new StubService();
    }
}
