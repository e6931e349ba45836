package io.bothub.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.bot.BotHttp;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class FleetManagementTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String tenant = "tenant-" + UUID.randomUUID();
    private BotHttp bots;

    @BeforeEach
    void fleet() throws Exception {
        bots = new BotHttp(port);
        bots.register(tenant, "{\"botId\":\"cs-1\",\"name\":\"Helpdesk One\",\"groupId\":\"customer-service\",\"capabilities\":[\"chat\"]}");
        bots.register(tenant, "{\"botId\":\"cs-2\",\"name\":\"Helpdesk Two\",\"groupId\":\"customer-service\",\"capabilities\":[\"chat\",\"translate\"]}");
        String key = bots.register(tenant, "{\"botId\":\"mk-1\",\"name\":\"Promoter\",\"groupId\":\"marketing\",\"capabilities\":[\"broadcast\"]}");
        bots.heartbeat(key, "{}");
    }

    @Test
    void everyTenantStartsWithTheFourDefaultGroupsAndTheFiveSystemRoles() throws Exception {
        JsonNode groups = json.readTree(get(tenant, "/api/v1/bot-groups").body());
        JsonNode roles = json.readTree(get(tenant, "/api/v1/bot-roles").body());

        assertThat(groups.findValuesAsString("groupId")).containsExactly("customer-service", "marketing", "management", "testing");
        assertThat(roles.findValuesAsString("roleId")).containsExactlyInAnyOrder("admin", "customer-service", "marketing", "observer", "tester");
    }

    @Test
    void theFleetFiltersByGroupCapabilityStatusAndTextAndPages() throws Exception {
        assertThat(ids("?group=customer-service")).containsExactly("cs-1", "cs-2");
        assertThat(ids("?capability=translate")).containsExactly("cs-2");
        assertThat(ids("?status=online")).containsExactly("mk-1");
        assertThat(ids("?q=helpdesk")).containsExactly("cs-1", "cs-2");

        JsonNode page = json.readTree(get(tenant, "/api/v1/bots?size=2&page=1").body());
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items").findValuesAsString("botId")).containsExactly("mk-1");
    }

    @Test
    void aConfigurationChangeIsStoredAndAnnouncedWithTheWholeConfiguration() throws Exception {
        HttpResponse<String> response = patch(tenant, "cs-1",
                "{\"maxConcurrentSessions\":25,\"weight\":150,\"roleId\":\"customer-service\",\"tags\":[\"vip\"],\"modelConfig\":{\"model\":\"qwen-max\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids("?tag=vip")).containsExactly("cs-1");
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.BOT_LIFECYCLE)) {
            var updated = probe.await(r -> "cs-1".equals(r.key())
                    && tenant.equals(new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TENANT_ID).value()))
                    && new String(r.value()).contains("\"maxConcurrentSessions\":25"), Duration.ofSeconds(20));
            assertThat(updated).isNotEmpty();
            assertThat(new String(updated.getLast().value())).contains("\"weight\":150").contains("\"roleId\":\"customer-service\"");
        }
    }

    @Test
    void anUnknownGroupOrRoleIsRefusedAndNothingChanges() throws Exception {
        HttpResponse<String> response = patch(tenant, "cs-1", "{\"groupId\":\"pirates\",\"roleId\":\"captain\",\"weight\":7}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"groupId\"").contains("\"field\":\"roleId\"");
        assertThat(jdbc.sql("select weight from bot where tenant_id = :t and bot_id = 'cs-1'").param("t", tenant)
                .query(Integer.class).single()).isEqualTo(100);
        assertThat(bots.post("/api/v1/bots/register", tenant, null, "{\"name\":\"x\",\"groupId\":\"pirates\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anotherTenantCannotSeeOrChangeTheseBots() throws Exception {
        String intruder = "intruder-" + tenant;

        assertThat(json.readTree(get(intruder, "/api/v1/bots").body()).get("total").asLong()).isZero();
        assertThat(patch(intruder, "cs-1", "{\"weight\":1}").statusCode()).isEqualTo(404);
        assertThat(bots.post("/api/v1/bots/batch", intruder, null, "{\"botIds\":[\"cs-1\"],\"action\":\"disable\"}").body())
                .contains("\"notFound\":[\"cs-1\"]");
        assertThat(jdbc.sql("select enabled from bot where tenant_id = :t and bot_id = 'cs-1'").param("t", tenant)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aBatchDisableIsKeptInTheStatusHistory() throws Exception {
        HttpResponse<String> response = bots.post("/api/v1/bots/batch", tenant, null,
                "{\"botIds\":[\"cs-1\",\"cs-2\",\"ghost\"],\"action\":\"disable\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"notFound\":[\"ghost\"]");
        assertThat(json.readTree(get(tenant, "/api/v1/bots?group=customer-service").body()).get("items")
                .findValuesAsString("enabled")).containsOnly("false");
        assertThat(jdbc.sql("select count(*) from bot_status_history where tenant_id = :t and reason = 'manual' "
                + "and new_status = 'disabled'").param("t", tenant).query(Integer.class).single()).isEqualTo(2);
    }

    private java.util.List<String> ids(String query) throws Exception {
        return json.readTree(get(tenant, "/api/v1/bots" + query).body()).get("items").findValuesAsString("botId");
    }

    private HttpResponse<String> get(String tenantId, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .headers(BotHttp.operatorOf(tenantId)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String tenantId, String botId, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/bots/" + botId))
                .headers(BotHttp.operatorOf(tenantId)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
