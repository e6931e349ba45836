package io.bothub.metrics.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import io.bothub.events.metrics.BotHealthReported;
import io.bothub.metrics.Tenant;
import io.bothub.support.messaging.EventEnvelopeDeserializer;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;

/** A bot's health score from its heartbeat and recent outcomes, by seed 002's weights, reported on bot.health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class HealthReportingTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    @Test
    void theScoreWeighsEveryFactorAndGoesOutOnBotHealthWhenItChanges() {
        Tenant tenant = new Tenant(kafka, port);
        tenant.register("h1", "support", null, 10);
        Instant now = Instant.now();
        // Nine of ten commands acknowledged, each answered in 800 ms: success 0.9 → 70, response 800 ms → 70,
        // errors 1 of 10 interactions = 0.1 → 40.
        for (int i = 0; i < 10; i++) {
            tenant.command("h1", now.minusMillis(800), now, i != 0);
        }
        Tenant.await("outcomes ingested", () -> jdbc.sql("select coalesce(sum(responses), 0) from bot_minute "
                + "where tenant_id = :t and bot_id = 'h1'").param("t", tenant.id).query(Long.class).single() == 10);
        // CPU 45 % → 70, memory 80 % → 70, 9 of 10 sessions → 70
        tenant.heartbeat("h1", 9, 45.0, 80.0, Instant.now());
        int expected = 67; // 0.15×70 + 0.15×70 + 0.25×70 + 0.2×70 + 0.15×70 + 0.1×40

        Tenant.await("score computed", () -> tenant.getJson("/api/v1/metrics/bots/h1").get("healthScore").asInt() == expected);

        try (KafkaProbe<EventEnvelope<BotHubEvent>> probe = KafkaProbe.of(bootstrap, Topics.BOT_HEALTH,
                new EventEnvelopeDeserializer())) {
            List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> reports = probe.await(r ->
                    r.value().tenantId().equals(tenant.id) && r.value().data() instanceof BotHealthReported h
                            && h.botId().equals("h1") && h.activeSessions() == 9, Duration.ofSeconds(20));
            assertThat(reports).isNotEmpty();
            BotHealthReported last = (BotHealthReported) reports.getLast().value().data();
            assertThat(last.healthScore()).isEqualTo(expected);
            assertThat(last.successRate()).isEqualTo(0.9);
            assertThat(last.errorRate()).isEqualTo(0.1);
            assertThat(last.avgResponseMillis()).isEqualTo(800.0);
            assertThat(last.window()).isEqualTo("5m");
            assertThat(reports.getLast().key()).isEqualTo("h1");
        }
    }
}
