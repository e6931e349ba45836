package io.bothub.metrics.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.session.SessionTransferred;
import io.bothub.events.skill.SkillRated;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.metrics.Tenant;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** The fleet at a glance: totals, online bots, groups and roles, sessions, performance and KPIs, per tenant. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class OverviewTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    @Test
    void theOverviewCountsTheTenantsFleetByStatusGroupAndRole() {
        Tenant tenant = new Tenant(kafka, port);
        Tenant other = new Tenant(kafka, port);
        other.register("x1", "support", null, 5);

        tenant.register("a1", "support", "greeter", 10);
        tenant.register("a2", "support", "expert", 10);
        tenant.register("b1", "sales", "greeter", 5);
        tenant.status("a1", "registered", "online");
        tenant.status("a2", "registered", "busy");
        tenant.status("b1", "registered", "offline");
        Instant now = Instant.now();
        tenant.heartbeat("a1", 4, 10.0, 20.0, now);
        tenant.heartbeat("a2", 7, 10.0, 20.0, now);
        tenant.command("a1", now.minusMillis(200), now, true);
        tenant.command("a2", now.minusMillis(400), now, false);
        tenant.send(new TaskStatusChanged("t-" + UUID.randomUUID(), "a1", "running", "completed", "done", null, Map.of(), now));
        tenant.send(new TaskStatusChanged("t-" + UUID.randomUUID(), "a1", "running", "completed", "done", null, Map.of(), now));
        tenant.send(new SessionAssigned("s-1", "a1", "conv-1", "u-1", "normal", "least-sessions", 0, now));
        tenant.send(new SessionTransferred("s-1", "a1", "a2", "requested", 1, now));
        tenant.send(new SessionClosed("s-1", "a2", "closed", 4, now));
        tenant.send(new SkillRated("skill-1", "user:ann", 5, null, 5.0, 1, now));
        tenant.send(new SkillRated("skill-1", "user:bob", 2, null, 3.5, 2, now));

        Tenant.await("fleet ingested", () -> {
            JsonNode o = tenant.getJson("/api/v1/overview");
            return o.get("totalBots").asLong() == 3 && o.get("activeSessions").asLong() == 11
                    && o.get("performance").get("outcomes").asLong() == 4 && o.get("byStatus").has("offline");
        });
        Tenant.await("ratings ingested", () -> tenant.getJson("/api/v1/overview/kpis").get("ratings").asLong() == 2);

        JsonNode o = tenant.getJson("/api/v1/overview?window=5m");
        assertThat(o.get("onlineBots").asLong()).isEqualTo(2);
        assertThat(o.get("byStatus").get("online").asLong()).isEqualTo(1);
        assertThat(o.get("byStatus").get("busy").asLong()).isEqualTo(1);
        assertThat(o.get("sessionCapacity").asLong()).isEqualTo(25);
        JsonNode support = o.get("byGroup").get(1);
        assertThat(support.get("id").asString()).isEqualTo("support");
        assertThat(support.get("total").asLong()).isEqualTo(2);
        assertThat(support.get("online").asLong()).isEqualTo(2);
        assertThat(support.get("activeSessions").asLong()).isEqualTo(11);
        JsonNode greeters = o.get("byRole").get(1);
        assertThat(greeters.get("id").asString()).isEqualTo("greeter");
        assertThat(greeters.get("total").asLong()).isEqualTo(2);
        assertThat(o.get("performance").get("successRate").asDouble()).isEqualTo(0.75);
        assertThat(o.get("performance").get("errorRate").asDouble()).isEqualTo(0.25);
        assertThat(o.get("performance").get("avgResponseMillis").asDouble()).isEqualTo(300.0);
        assertThat(o.get("performance").get("sessionsOpened").asLong()).isEqualTo(2);
        assertThat(o.get("performance").get("sessionsEnded").asLong()).isEqualTo(2);

        JsonNode kpis = tenant.getJson("/api/v1/overview/kpis?window=1h");
        assertThat(kpis.get("tasksCompleted").asLong()).isEqualTo(2);
        assertThat(kpis.get("commandsAcknowledged").asLong()).isEqualTo(1);
        assertThat(kpis.get("commandsFailed").asLong()).isEqualTo(1);
        assertThat(kpis.get("averageRating").asDouble()).isEqualTo(3.5);

        JsonNode series = tenant.getJson("/api/v1/metrics/bots/a1/series?resolution=1m&from="
                + now.minus(Duration.ofMinutes(5)) + "&to=" + now.plusSeconds(60));
        assertThat(series.size()).isEqualTo(1);
        assertThat(series.get(0).get("figures").get("tasksCompleted").asLong()).isEqualTo(2);
        assertThat(tenant.getJson("/api/v1/metrics/bots?groupId=sales").size()).isEqualTo(1);

        assertThat(other.getJson("/api/v1/overview").get("totalBots").asLong()).isEqualTo(1);
        assertThat(other.get("/api/v1/metrics/bots/a1").statusCode()).isEqualTo(404);
        assertThat(tenant.call("GET", "/api/v1/overview", null, "chat").statusCode()).isEqualTo(403);
        assertThat(tenant.get("/api/v1/overview?window=2w").body()).contains("\"field\":\"window\"");
    }
}
