package io.bothub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Credentials, scopes and tenancy end to end: tenant-service issues them, the gateway verifies them, and
 * bot-service and command-service act only within the verified tenant and scopes.
 */
class CommandsAndCredentialsThroughGatewayTest {

    private static RunningPlatform platform;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = RunningPlatform.get();
    }

    private HttpResponse<String> call(String method, String path, String bearer, String body) throws Exception {
        return PlatformTenant.send(platform.gateway, method, path, bearer, body);
    }

    private String registerOnlineBot(PlatformTenant tenant, String botId) throws Exception {
        HttpResponse<String> registered = call("POST", "/api/v1/bots/register", tenant.adminToken(),
                "{\"botId\":\"" + botId + "\",\"name\":\"" + botId + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String key = json.readTree(registered.body()).get("apiKey").asString();
        assertThat(call("POST", "/api/v1/bots/heartbeat", key, "{}").statusCode()).isEqualTo(200);
        return key;
    }

    /** command-service learns of bots from bot-service's events; a command can be queued once it has. */
    private JsonNode queue(String bearer, String botId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> created = call("POST", "/api/v1/commands", bearer,
                    "{\"botId\":\"" + botId + "\",\"type\":\"send_message\",\"payload\":{\"text\":\"hi\"}}");
            if (created.statusCode() == 201 || created.statusCode() != 404 || System.nanoTime() > deadline) {
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                return json.readTree(created.body());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aBotPullsAndAcknowledgesOnlyItsOwnCommandsAndAnotherTenantSeesNone() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "acme");
        String pullerKey = registerOnlineBot(acme, "puller");
        String otherKey = registerOnlineBot(acme, "other");
        String id = queue(acme.adminToken(), "puller").get("id").asString();

        HttpResponse<String> wrongBot = call("GET", "/api/v1/commands/next?waitSeconds=1", otherKey, null);
        assertThat(wrongBot.statusCode()).isEqualTo(204);
        HttpResponse<String> pulled = call("GET", "/api/v1/commands/next?waitSeconds=5", pullerKey, null);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(json.readTree(pulled.body()).get("id").asString()).isEqualTo(id);
        assertThat(call("POST", "/api/v1/commands/" + id + "/ack", otherKey, "{\"status\":\"acknowledged\"}").statusCode())
                .as("a bot cannot act as another bot").isEqualTo(404);
        assertThat(call("POST", "/api/v1/commands/" + id + "/ack", pullerKey, "{\"status\":\"acknowledged\"}").statusCode())
                .isEqualTo(200);

        PlatformTenant intruder = PlatformTenant.signUp(platform.gateway, "intruder");
        assertThat(call("GET", "/api/v1/commands/" + id, intruder.adminToken(), null).statusCode()).isEqualTo(404);
        assertThat(json.readTree(call("GET", "/api/v1/commands", intruder.adminToken(), null).body()).get("total").asInt()).isZero();
        assertThat(call("POST", "/api/v1/commands/" + id + "/cancel", intruder.adminToken(), "").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/commands", intruder.adminToken(),
                "{\"botId\":\"puller\",\"type\":\"get_status\"}").statusCode()).isEqualTo(404);
        assertThat(json.readTree(call("GET", "/api/v1/commands/" + id, acme.adminToken(), null).body())
                .get("command").get("status").asString()).isEqualTo("acknowledged");
    }

    @Test
    void aKeyWithoutTheScopeIsRefusedAndARevokedKeyStopsWorkingWithinSeconds() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "scoped");
        registerOnlineBot(acme, "target");
        String chatOnly = acme.agentKey(platform.gateway, "chat");
        String operator = acme.agentKey(platform.gateway, "commands");

        HttpResponse<String> refused = call("POST", "/api/v1/commands", chatOnly, "{\"botId\":\"target\",\"type\":\"get_status\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("insufficient-scope");
        queue(operator, "target");

        JsonNode agents = json.readTree(call("GET", "/api/v1/agents", acme.adminToken(), null).body());
        for (JsonNode agent : agents) {
            for (JsonNode key : json.readTree(call("GET", "/api/v1/agents/" + agent.get("id").asString() + "/keys",
                    acme.adminToken(), null).body())) {
                if (operator.startsWith(key.get("displayPrefix").asString())) {
                    assertThat(call("POST", "/api/v1/agents/" + agent.get("id").asString() + "/keys/"
                            + key.get("id").asString() + "/revoke", acme.adminToken(), "").statusCode()).isEqualTo(200);
                }
            }
        }
        long revokedAt = System.nanoTime();
        int status;
        do {
            Thread.sleep(200);
            status = call("GET", "/api/v1/commands", operator, null).statusCode();
        } while (status != 401 && System.nanoTime() - revokedAt < Duration.ofSeconds(10).toNanos());
        assertThat(status).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void deletingATenantErasesItsDataInEveryServiceAndEndsItsCredentials() throws Exception {
        PlatformTenant doomed = PlatformTenant.signUp(platform.gateway, "doomed");
        String botKey = registerOnlineBot(doomed, "short-lived");
        queue(doomed.adminToken(), "short-lived");
        PlatformTenant keeper = PlatformTenant.signUp(platform.gateway, "keeper");
        registerOnlineBot(keeper, "long-lived");

        assertThat(call("DELETE", "/api/v1/tenants/me", doomed.adminToken(), null).statusCode()).isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(platform.botDatabase, "bot", doomed.id()) + count(platform.commandDatabase, "command", doomed.id()) > 0) {
            assertThat(System.nanoTime()).as("tenant data still present").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(count(platform.tenantDatabase, "app_user", doomed.id())).isZero();
        assertThat(count(platform.commandDatabase, "bot_endpoint", doomed.id())).isZero();
        assertThat(count(platform.botDatabase, "bot", keeper.id())).isEqualTo(1);
        // The gateway remembers a checked key for 2 s here (5 s by default); then the deleted bot's key is refused.
        long erased = System.nanoTime();
        int status;
        do {
            Thread.sleep(200);
            status = call("POST", "/api/v1/bots/heartbeat", botKey, "{}").statusCode();
        } while (status != 401 && System.nanoTime() - erased < Duration.ofSeconds(15).toNanos());
        assertThat(status).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - erased)).isLessThan(Duration.ofSeconds(5));
    }

    private static int count(io.bothub.testsupport.Database database, String table, String tenant)
            throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var statement = connection.prepareStatement("select count(*) from " + table + " where tenant_id = ?")) {
            statement.setString(1, tenant);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aTamperedUserTokenIsRefused() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "tamper");
        String[] parts = acme.adminToken().split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(acme.id(), "tn-someoneelse");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];
        assertThat(call("GET", "/api/v1/bots", tampered, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/bots", acme.adminToken(), null).statusCode()).isEqualTo(200);
    }
}
