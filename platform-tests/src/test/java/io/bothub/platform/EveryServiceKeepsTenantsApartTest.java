package io.bothub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bothub.testsupport.Database;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For task-, routing-, skill- and metrics-service, through the gateway: another tenant's administrator and agent
 * key can neither list, read, change nor delete the first tenant's tasks, sessions, private skills and bot metrics
 * (each a 404, never the data); and deleting the tenant leaves no row of it in any table of those services.
 */
class EveryServiceKeepsTenantsApartTest {

    private static RunningPlatform platform;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void platform() throws Exception {
        platform = RunningPlatform.get();
    }

    @Test
    void anotherTenantCanNeitherSeeNorTouchAndDeletionErasesEverywhere() throws Exception {
        PlatformTenant owner = PlatformTenant.signUp(platform.gateway, "owner");
        HttpResponse<String> registered = call("POST", "/api/v1/bots/register", owner.adminToken(),
                "{\"botId\":\"owned-bot\",\"name\":\"Owned\",\"capabilities\":[\"chat\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String botKey = json.readTree(registered.body()).get("apiKey").asString();
        assertThat(call("POST", "/api/v1/bots/heartbeat", botKey, "{\"activeSessions\":1}").statusCode()).isEqualTo(200);

        HttpResponse<String> task = call("POST", "/api/v1/tasks", owner.adminToken(),
                "{\"title\":\"Summarise the report\",\"botId\":\"owned-bot\"}");
        assertThat(task.statusCode()).as(task.body()).isEqualTo(201);
        String taskId = json.readTree(task.body()).get("id").asString();
        HttpResponse<String> session = call("POST", "/api/v1/sessions", owner.adminToken(), "{\"userId\":\"ann\"}");
        assertThat(session.statusCode()).as(session.body()).isIn(201, 202);
        String sessionId = json.readTree(session.body()).get("id").asString();
        HttpResponse<String> skill = call("POST", "/api/v1/skills", owner.adminToken(), """
                {"name":"private-report-digest","version":"1.0.0","visibility":"private",
                 "description":"Digests the owner's reports","tags":["reports"],"capabilities":["summarise"],
                 "permissions":["http.fetch"],"inputs":[{"name":"report","type":"string","required":true}],
                 "outputs":[{"name":"digest","type":"string"}],"content":{"prompt":"Digest the report."}}
                """);
        assertThat(skill.statusCode()).as(skill.body()).isEqualTo(201);
        String skillId = json.readTree(skill.body()).get("skillId").asString();
        await("metrics-service knows the bot", () -> call("GET", "/api/v1/metrics/bots/owned-bot", owner.adminToken(), null)
                .statusCode() == 200);

        owner.agentKey(platform.gateway, "chat");
        String ownersAgent = json.readTree(call("GET", "/api/v1/agents", owner.adminToken(), null).body()).get(0).get("id").asString();
        String ownersUser = json.readTree(call("GET", "/api/v1/users", owner.adminToken(), null).body()).get(0).get("id").asString();

        PlatformTenant intruder = PlatformTenant.signUp(platform.gateway, "intruder");
        String intruderKey = intruder.agentKey(platform.gateway, "admin");
        for (String bearer : List.of(intruder.adminToken(), intruderKey)) {
            assertThat(call("GET", "/api/v1/users/" + ownersUser, bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("PATCH", "/api/v1/users/" + ownersUser, bearer, "{\"role\":\"observer\",\"disabled\":true}").statusCode()).isEqualTo(404);
            assertThat(call("GET", "/api/v1/users", bearer, null).body()).doesNotContain(ownersUser);
            assertThat(call("GET", "/api/v1/agents/" + ownersAgent + "/keys", bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/v1/agents/" + ownersAgent + "/keys", bearer, "{\"scopes\":[\"admin\"]}").statusCode())
                    .isEqualTo(404);
            assertThat(call("GET", "/api/v1/agents", bearer, null).body()).doesNotContain(ownersAgent);

            assertThat(call("GET", "/api/v1/tasks/" + taskId, bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/v1/tasks/" + taskId + "/cancel", bearer, "{}").statusCode()).isEqualTo(404);
            assertThat(call("GET", "/api/v1/tasks", bearer, null).body()).doesNotContain(taskId);

            assertThat(call("GET", "/api/v1/sessions/" + sessionId, bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/v1/sessions/" + sessionId + "/transfer", bearer, "{}").statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/v1/sessions/" + sessionId + "/close", bearer, "{}").statusCode()).isEqualTo(404);

            assertThat(call("GET", "/api/v1/skills/" + skillId, bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("PATCH", "/api/v1/skills/" + skillId, bearer, "{\"description\":\"mine now\"}").statusCode())
                    .isEqualTo(404);
            assertThat(call("GET", "/api/v1/skills?q=digest", bearer, null).body()).doesNotContain(skillId);

            assertThat(call("GET", "/api/v1/metrics/bots/owned-bot", bearer, null).statusCode()).isEqualTo(404);
            assertThat(call("GET", "/api/v1/metrics/bots", bearer, null).body()).doesNotContain("owned-bot");
        }
        assertThat(json.readTree(call("GET", "/api/v1/tasks/" + taskId, owner.adminToken(), null).body())
                .get("task").get("status").asString()).as("the owner's task untouched").isNotEqualTo("cancelled");
        assertThat(json.readTree(call("GET", "/api/v1/sessions/" + sessionId, owner.adminToken(), null).body())
                .get("status").asString()).isNotEqualTo("closed");
        assertThat(call("GET", "/api/v1/skills/" + skillId, owner.adminToken(), null).body()).doesNotContain("mine now");

        Thread.sleep(2000); // events about the owner still in flight land before the deletion
        assertThat(call("DELETE", "/api/v1/tenants/me", owner.adminToken(), null).statusCode()).isEqualTo(202);

        Map<String, Database> databases = Map.of("task-service", platform.taskDatabase,
                "routing-service", platform.routingDatabase, "skill-service", platform.skillDatabase,
                "metrics-service", platform.metricsDatabase, "bot-service", platform.botDatabase);
        await("every service erased the tenant", () -> databases.values().stream().allMatch(db ->
                rowsOf(db, owner.id()).isEmpty()));
        databases.forEach((service, db) -> assertThat(rowsOf(db, owner.id())).as(service).isEmpty());
    }

    @Test
    void aTenantsOwnRequestQuotaAnswers429WithRetryAfterAndASuspendedTenantIsRefused() throws Exception {
        PlatformTenant small = PlatformTenant.signUp(platform.gateway, "small");
        assertThat(call("PATCH", "/api/v1/tenants/me", small.adminToken(),
                "{\"quotas\":{\"maxBots\":1,\"requestsPerMinute\":8,\"commandsPerDay\":100}}").statusCode()).isEqualTo(200);
        String key = small.agentKey(platform.gateway, "config_read");
        Thread.sleep(1500); // the gateway's view of the tenant (1 s here) takes the new quota

        HttpResponse<String> last = null;
        for (int i = 0; i < 12 && (last == null || last.statusCode() != 429); i++) {
            last = call("GET", "/api/v1/bots", i % 2 == 0 ? small.adminToken() : key, null);
        }
        assertThat(last.statusCode()).as("a user and a key share the tenant's 8 a minute").isEqualTo(429);
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 61L);
        assertThat(json.readTree(last.body()).get("type").asString()).isEqualTo("https://bothub.io/problems/rate-limited");

        PlatformTenant paused = PlatformTenant.signUp(platform.gateway, "paused");
        String pausedKey = paused.agentKey(platform.gateway, "config_read");
        assertThat(call("POST", "/api/v1/tenants/me/suspend", paused.adminToken(), null).statusCode()).isEqualTo(200);
        Thread.sleep(1500);
        for (String bearer : List.of(paused.adminToken(), pausedKey)) {
            HttpResponse<String> refused = call("GET", "/api/v1/bots", bearer, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("tenant-suspended");
        }
    }

    /** Rows of the tenant in every table of the database that has a tenant_id column, by table. */
    private static Map<String, Integer> rowsOf(Database database, String tenant) {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery("""
                    select c.table_name from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
                    """)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var statement = connection.prepareStatement("select count(*) from " + table + " where tenant_id = ?")) {
                    statement.setString(1, tenant);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            rows.put(table, rs.getInt(1));
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private HttpResponse<String> call(String method, String path, String bearer, String body) {
        try {
            return PlatformTenant.send(platform.gateway, method, path, bearer, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: %s", what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
