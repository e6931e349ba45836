package io.bothub.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import com.sun.net.httpserver.HttpServer;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.metrics.AlertRaised;
import io.bothub.events.metrics.AlertResolved;
import io.bothub.events.webhooks.StandardWebhookSignature;
import io.bothub.metrics.Tenant;
import io.bothub.support.messaging.EventEnvelopeDeserializer;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** Alert rules fire once per incident, resolve when the condition clears, and reach webhook and live stream. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class AlertsTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @Autowired AlertStream stream;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private Tenant tenant;

    @BeforeEach
    void setUp() {
        tenant = new Tenant(kafka, port);
    }

    @Test
    void aRisingErrorRateRaisesOneAlertThatClearsWhenTheRateFalls() throws Exception {
        HttpResponse<String> rule = tenant.call("PUT", "/api/v1/alerts/rules/error-rate",
                "{\"threshold\":0.2,\"minSamples\":6}", "config_write");
        assertThat(rule.statusCode()).isEqualTo(200);
        tenant.register("e1", "support", null, 10);
        Instant now = Instant.now();
        // 4 acknowledged, 2 failed: 2 of 6 = 33 % > 20 %. Six samples are needed, so however the six arrive in
        // batches, the rule first judges all of them.
        for (int i = 0; i < 6; i++) {
            tenant.command("e1", now.minusMillis(50), now, i >= 2);
        }
        Tenant.await("alert raised", () -> openAlerts("e1", "error-rate").size() == 1);
        JsonNode alert = openAlerts("e1", "error-rate").getFirst();
        assertThat(alert.get("value").asDouble()).isEqualTo(2.0 / 6);
        assertThat(alert.get("threshold").asDouble()).isEqualTo(0.2);
        assertThat(alert.get("ruleId").asString()).isEqualTo(Tenant.JSON.readTree(rule.body()).get("id").asString());

        // More failures while it is open: still one incident.
        tenant.command("e1", now.minusMillis(50), Instant.now(), false);
        tenant.command("e1", now.minusMillis(50), Instant.now(), false);
        awaitOutcomes("e1", 8);
        Thread.sleep(1000); // several evaluation ticks
        assertThat(alertsOfKind("e1", "error-rate")).hasSize(1);

        // Enough successes bring it to 4 of 28 = 14 %: cleared.
        for (int i = 0; i < 20; i++) {
            tenant.command("e1", now.minusMillis(50), Instant.now(), true);
        }
        Tenant.await("alert cleared", () -> openAlerts("e1", "error-rate").isEmpty());
        List<JsonNode> all = alertsOfKind("e1", "error-rate");
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().get("resolveReason").asString()).isEqualTo("cleared");

        String alertId = all.getFirst().get("id").asString();
        try (KafkaProbe<EventEnvelope<BotHubEvent>> probe = KafkaProbe.of(bootstrap, Topics.ALERTS, new EventEnvelopeDeserializer())) {
            List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> events = probe.await(r ->
                    r.value().tenantId().equals(tenant.id) && r.value().data() instanceof AlertResolved resolved
                            && resolved.alertId().equals(alertId), Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> raised = probe.await(r ->
                    r.value().tenantId().equals(tenant.id) && r.value().data() instanceof AlertRaised a
                            && a.botId() != null && a.botId().equals("e1"), Duration.ofSeconds(1));
            assertThat(raised).hasSize(1);
            AlertRaised event = (AlertRaised) raised.getFirst().value().data();
            assertThat(event.kind()).isEqualTo("error-rate");
            assertThat(event.groupId()).isEqualTo("support");
            assertThat(event.severity()).isEqualTo("warning");
        }
    }

    @Test
    void sessionOverloadFollowsTheRuleOfTheBotsGroup() {
        // The tenant-wide rule is the built-in one (90 %); the group "vip" tolerates up to 150 %.
        assertThat(tenant.call("PUT", "/api/v1/alerts/rules/session-overload?groupId=vip",
                "{\"threshold\":1.5,\"severity\":\"critical\"}", "config_write").statusCode()).isEqualTo(200);
        tenant.register("o-vip", "vip", null, 10);
        tenant.register("o-std", "std", null, 10);
        tenant.heartbeat("o-vip", 10, null, null, Instant.now());
        tenant.heartbeat("o-std", 9, null, null, Instant.now());

        Tenant.await("overload raised", () -> openAlerts("o-std", "session-overload").size() == 1);
        assertThat(openAlerts("o-std", "session-overload").getFirst().get("severity").asString()).isEqualTo("warning");
        assertThat(alertsOfKind("o-vip", "session-overload")).isEmpty();

        tenant.heartbeat("o-std", 3, null, null, Instant.now());
        Tenant.await("overload cleared", () -> openAlerts("o-std", "session-overload").isEmpty());

        JsonNode rules = tenant.getJson("/api/v1/alerts/rules");
        assertThat(rules.valueStream().filter(r -> r.get("kind").asString().equals("session-overload")).count()).isEqualTo(2);
    }

    @Test
    void anOfflineBotIsAnnouncedOnTheLiveStreamAndBySignedWebhookOnceAndResolvedWhenBack() throws Exception {
        BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestHeaders().getFirst(StandardWebhookSignature.ID),
                    exchange.getRequestHeaders().getFirst(StandardWebhookSignature.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst(StandardWebhookSignature.SIGNATURE), body});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<String> webhook = tenant.call("PUT", "/api/v1/alerts/webhook",
                    "{\"url\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/alerts\"}", "config_write");
            assertThat(webhook.statusCode()).isEqualTo(200);
            String secret = Tenant.JSON.readTree(webhook.body()).get("secret").asString();

            Tenant.await("live stream reader assigned", stream::listening);
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpResponse<InputStream> live = client.send(HttpRequest.newBuilder(tenant.uri("/api/v1/alerts/stream"))
                    .header("X-BotHub-Tenant-Id", tenant.id).header("X-BotHub-Principal", "user:ann")
                    .header("X-BotHub-Scopes", "config_read").header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(live.statusCode()).isEqualTo(200);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // the stream closes at the end of the test
                }
            });

            tenant.register("d1", "support", null, 10);
            tenant.status("d1", "registered", "online");
            tenant.status("d1", "online", "offline");

            Tenant.await("alert on the live stream", () -> lines.contains("event:alert-raised")
                    && lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"botId\":\"d1\"")
                            && l.contains("bot-offline")));
            String[] push = received.poll(20, TimeUnit.SECONDS);
            assertThat(push).as("webhook push").isNotNull();
            assertThat(StandardWebhookSignature.problemWith(secret, push[0], push[1], push[2], push[3], Instant.now(),
                    Duration.ofMinutes(5))).isNull();
            JsonNode body = Tenant.JSON.readTree(push[3]);
            assertThat(body.get("type").asString()).isEqualTo("io.bothub.metrics.alert-raised.v1");
            assertThat(body.get("data").get("kind").asString()).isEqualTo("bot-offline");
            assertThat(body.get("data").get("botId").asString()).isEqualTo("d1");
            assertThat(body.get("data").get("severity").asString()).isEqualTo("critical");

            tenant.status("d1", "offline", "online");
            Tenant.await("resolution on the live stream", () -> lines.contains("event:alert-resolved"));
            String[] resolved = received.poll(20, TimeUnit.SECONDS);
            assertThat(resolved).isNotNull();
            assertThat(Tenant.JSON.readTree(resolved[3]).get("data").get("reason").asString()).isEqualTo("cleared");
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("nothing more pushed").isNull();
            assertThat(alertsOfKind("d1", "bot-offline")).hasSize(1);
            reader.interrupt();
        } finally {
            server.stop(0);
            client.close();
        }
    }

    @Test
    void anotherTenantSeesNoneOfTheAlertsAndReadingNeedsAScope() {
        assertThat(tenant.call("GET", "/api/v1/alerts", null, "chat").statusCode()).isEqualTo(403);
        assertThat(tenant.call("PUT", "/api/v1/alerts/rules/error-rate", "{\"threshold\":-1,\"severity\":\"loud\"}",
                "config_write").body()).contains("\"field\":\"threshold\"").contains("\"field\":\"severity\"");
        assertThat(tenant.call("PUT", "/api/v1/alerts/rules/nonsense", "{\"threshold\":1}", "config_write").statusCode())
                .isEqualTo(404);
        assertThat(tenant.call("GET", "/api/v1/alerts/" + java.util.UUID.randomUUID(), null, "config_read").statusCode())
                .isEqualTo(404);
    }

    private List<JsonNode> openAlerts(String botId, String kind) {
        return tenant.getJson("/api/v1/alerts?state=open&botId=" + botId + "&kind=" + kind).valueStream().toList();
    }

    private List<JsonNode> alertsOfKind(String botId, String kind) {
        return tenant.getJson("/api/v1/alerts?botId=" + botId + "&kind=" + kind).valueStream().toList();
    }

    private void awaitOutcomes(String botId, long n) {
        Tenant.await("outcomes ingested", () -> jdbc.sql("select coalesce(sum(successes + failures), 0) from bot_minute "
                + "where tenant_id = :t and bot_id = :b").param("t", tenant.id).param("b", botId)
                .query(Long.class).single() == n);
    }
}
