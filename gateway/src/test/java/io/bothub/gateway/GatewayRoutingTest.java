package io.bothub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    static final StubService BOT_SERVICE = start();
    /** Vouches for the test's agent key, as tenant-service would. */
    static final StubService TENANT_SERVICE = start();
    static final int CLOSED_PORT = closedPort();

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("bothub.services.bot-url", BOT_SERVICE::url);
        registry.add("bothub.services.task-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("bothub.services.tenant-url", TENANT_SERVICE::url);
        registry.add("bothub.redis.database", () -> "1");
        registry.add("bothub.redis.namespace", () -> "test-gateway-" + java.util.UUID.randomUUID());
        TENANT_SERVICE.answer("/internal/v1/agent-keys/verify", 200, "application/json",
                "{\"tenantId\":\"tn-routing\",\"principal\":\"agent:ag-routing\",\"scopes\":[\"admin\"]}");
        TENANT_SERVICE.answer("/internal/v1/tenants/tn-routing/standing", 200, "application/json",
                "{\"status\":\"active\",\"requestsPerMinute\":100000}");
    }

    @AfterAll
    static void stop() {
        BOT_SERVICE.close();
        TENANT_SERVICE.close();
    }

    @BeforeEach
    void reset() {
        BOT_SERVICE.received.clear();
        BOT_SERVICE.answer(200, "application/json", "{\"ok\":true}");
        BOT_SERVICE.echoRequestId = false;
    }

    @Test
    void aBotRequestReachesBotServiceWithItsPathAndARequestIdEchoedBack() throws Exception {
        BOT_SERVICE.echoRequestId = true;
        HttpResponse<String> response = send(get("/api/v1/bots/support-1?view=full"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(BOT_SERVICE.received).hasSize(1);
        StubService.Received received = BOT_SERVICE.received.getFirst();
        assertThat(received.path()).isEqualTo("/api/v1/bots/support-1?view=full");
        assertThat(received.requestId()).isNotBlank();
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(received.requestId());
    }

    @Test
    void aSaneRequestIdFromTheCallerIsKeptAndAnInsaneOneReplaced() throws Exception {
        send(get("/api/v1/bots").header("X-Request-Id", "trace-42.a_b"));
        HttpResponse<String> replaced = send(get("/api/v1/bots").header("X-Request-Id", "bad id with spaces"));

        assertThat(BOT_SERVICE.received.get(0).requestId()).isEqualTo("trace-42.a_b");
        assertThat(BOT_SERVICE.received.get(1).requestId()).isNotEqualTo("bad id with spaces").hasSize(36);
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValue(BOT_SERVICE.received.get(1).requestId());
    }

    @Test
    void anUnknownPathIsA404ProblemFromTheGatewayItself() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/nothing-here").header("X-Request-Id", "req-404"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, 404, "https://bothub.io/problems/not-found");
        assertThat(json.readTree(response.body()).get("requestId").asString()).isEqualTo("req-404");
        assertThat(BOT_SERVICE.received).isEmpty();
    }

    @Test
    void aServiceThatIsDownIsA503ProblemNamingIt() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tasks/t-1"));

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode problem = assertProblem(response, 503, "https://bothub.io/problems/service-unavailable");
        assertThat(problem.get("detail").asString()).contains("task-service");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/tasks/t-1");
    }

    @Test
    void aServicesOwnProblemPassesThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"https://bothub.io/problems/invalid-request\",\"title\":\"Invalid request\",\"status\":422,\"detail\":\"x\"}";
        BOT_SERVICE.answer(422, "application/problem+json", problem);

        HttpResponse<String> response = send(get("/api/v1/bots/x"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo(problem);
    }

    @Test
    void corsPreflightIsAllowedForTheFrontendOriginOnly() throws Exception {
        HttpResponse<String> allowed = send(preflight("http://localhost:5173"));
        HttpResponse<String> refused = send(preflight("https://evil.example"));

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void healthAndPrometheusAreServed() throws Exception {
        assertThat(send(get("/actuator/health/readiness")).body()).contains("UP");
        assertThat(send(get("/actuator/prometheus")).body()).contains("application=\"gateway\"");
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("requestId").asString()).isNotBlank();
        return problem;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer bh_ak_tn-routing_ag-routing_routingtestkey");
    }

    private HttpRequest.Builder preflight(String origin) {
        return get("/api/v1/bots").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static StubService start() {
        return new StubService();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
