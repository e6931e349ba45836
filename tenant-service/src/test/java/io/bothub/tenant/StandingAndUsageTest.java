package io.bothub.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.command.CommandQueued;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class StandingAndUsageTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, Object> kafka;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;
    @Value("${spring.application.name}") String service;

    @Test
    void quotasAndSuspensionAreAnnouncedAndTheGatewaysStandingFollowsThem() {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp("quota-" + UUID.randomUUID().toString().substring(0, 8), "ann@q.example", "correct horse battery");
        assertThat(http.asAdmin("PATCH", "/api/v1/tenants/me",
                "{\"quotas\":{\"maxBots\":5,\"requestsPerMinute\":600,\"commandsPerDay\":1000}}", tenant).statusCode()).isEqualTo(200);

        JsonNode standing = TenantHttp.JSON.readTree(http.call("GET", "/internal/v1/tenants/" + tenant + "/standing",
                null, null, null, null).body());
        assertThat(standing.get("status").asString()).isEqualTo("active");
        assertThat(standing.get("requestsPerMinute").asInt()).isEqualTo(600);

        assertThat(http.asAdmin("POST", "/api/v1/tenants/me/suspend", null, tenant).statusCode()).isEqualTo(200);
        assertThat(TenantHttp.JSON.readTree(http.call("GET", "/internal/v1/tenants/" + tenant + "/standing", null, null, null,
                null).body()).get("status").asString()).isEqualTo("suspended");
        assertThat(http.call("GET", "/internal/v1/tenants/tn-nobody/standing", null, null, null, null).statusCode()).isEqualTo(404);

        List<String> announced = jdbc.sql("""
                select convert_from(payload, 'UTF8') from outbox_event
                where event_type = 'io.bothub.tenant.configured.v1' and record_key = :t order by seq
                """).param("t", tenant).query(String.class).list();
        assertThat(announced).hasSize(3);
        assertThat(announced.get(0)).contains("\"status\":\"active\"");
        assertThat(announced.get(1)).contains("\"maxBots\":5").contains("\"commandsPerDay\":1000");
        assertThat(announced.get(2)).contains("\"status\":\"suspended\"");
    }

    @Test
    void botsRegisteredAndCommandsQueuedAreCountedOncePerEventForToday() {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp("usage-" + UUID.randomUUID().toString().substring(0, 8), "bo@u.example", "correct horse battery");
        EventEnvelope<BotHubEvent> bot = envelope(tenant, new BotRegistered("b-1", "B", null, List.of(), 5, 100, null, Instant.now()));
        send(bot);
        send(bot);
        send(envelope(tenant, new CommandQueued("c-1", "b-1", "get_status", 50, null, null, Instant.now())));
        send(envelope(tenant, new CommandQueued("c-2", "b-1", "get_status", 50, null, null, Instant.now())));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode usage;
        do {
            usage = TenantHttp.JSON.readTree(http.asAdmin("GET", "/api/v1/tenants/me/usage", null, tenant).body());
            assertThat(System.nanoTime()).as("usage counted").isLessThan(deadline);
        } while (usage.path("commands_queued").asInt() < 2 || usage.path("bots_registered").asInt() < 1);
        sleep();
        usage = TenantHttp.JSON.readTree(http.asAdmin("GET", "/api/v1/tenants/me/usage", null, tenant).body());
        assertThat(usage.get("bots_registered").asInt()).as("the redelivered registration counted once").isEqualTo(1);
        assertThat(usage.get("commands_queued").asInt()).isEqualTo(2);
    }

    @Test
    void aRecordThatIsNotAnEventGoesToTheDeadLetterTopicAndTheEventsAroundItAreCounted() throws Exception {
        TenantHttp http = new TenantHttp(port);
        String tenant = http.signUp("poison-" + UUID.randomUUID().toString().substring(0, 8), "po@u.example", "correct horse battery");
        // One key, so one partition and one poll: the events before and after the bad record share its batch.
        EventEnvelope<BotHubEvent> first = envelope(tenant, new CommandQueued("c-1", "b-1", "get_status", 50, null, null, Instant.now()));
        String key = first.key();
        send(first);
        kafka.send(Topics.COMMAND_QUEUED, key, "{\"commandId\":\"x\"}".getBytes(StandardCharsets.UTF_8)).get();
        send(envelope(tenant, new CommandQueued("c-2", "b-1", "get_status", 50, null, null, Instant.now())));

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap,
                Topics.spec(Topics.COMMAND_QUEUED).deadLetterTopic(service))) {
            assertThat(probe.await(r -> key.equals(r.key()), Duration.ofSeconds(30))).hasSize(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TenantHttp.JSON.readTree(http.asAdmin("GET", "/api/v1/tenants/me/usage", null, tenant).body())
                .path("commands_queued").asInt() < 2) {
            assertThat(System.nanoTime()).as("both commands counted").isLessThan(deadline);
            sleep();
        }
        assertThat(TenantHttp.JSON.readTree(http.asAdmin("GET", "/api/v1/tenants/me/usage", null, tenant).body())
                .get("commands_queued").asInt()).as("the bad record counted nothing").isEqualTo(2);
    }

    private static EventEnvelope<BotHubEvent> envelope(String tenant, BotHubEvent event) {
        return EventEnvelope.of(URI.create("/bothub/test"), tenant, null, event);
    }

    private void send(EventEnvelope<BotHubEvent> envelope) {
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
