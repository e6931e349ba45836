package io.bothub.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.bot.BotHttp;
import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.skill.SkillInstalled;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;

/** Installing a marketplace skill gives the bot the skill's capabilities, once, in the bot's own tenant only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class SkillCapabilitiesTest {

    private static final URI SKILL_SERVICE = URI.create("/bothub/skill-service");

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, Object> kafka;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String stranger = "tenant-" + UUID.randomUUID();

    @Test
    void anInstalledSkillsCapabilitiesAreAddedOnceAndAnnounced() throws Exception {
        BotHttp bots = new BotHttp(port);
        bots.register(tenant, "{\"botId\":\"ocr-bot\",\"name\":\"OCR\",\"capabilities\":[\"chat\",\"ocr\"]}");
        bots.register(stranger, "{\"botId\":\"ocr-bot\",\"name\":\"Same id, other tenant\",\"capabilities\":[\"chat\"]}");

        try (KafkaProbe<byte[]> lifecycle = KafkaProbe.bytes(bootstrap, Topics.BOT_LIFECYCLE)) {
            EventEnvelope<BotHubEvent> installed = install(tenant, List.of("ocr", "vision", "tables"));
            send(installed);
            awaitCapabilities(tenant, List.of("chat", "ocr", "vision", "tables"));

            // Redelivered, and installed again with nothing new: the capabilities stay, nothing more is announced.
            send(installed);
            send(install(tenant, List.of("vision")));
            // A later install that adds something proves the two before it were consumed.
            send(install(tenant, List.of("charts")));
            awaitCapabilities(tenant, List.of("chat", "ocr", "vision", "tables", "charts"));

            Predicate<ConsumerRecord<String, byte[]>> isUpdate = r -> r.key().equals("ocr-bot")
                    && "io.bothub.bot.updated.v1".equals(new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value()))
                    && tenant.equals(new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TENANT_ID).value()));
            // await returns the matches seen so far (they accumulate): poll until two arrived, then for a few
            // seconds more, so a third (an announcement of an install that added nothing) would show.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (lifecycle.await(isUpdate, Duration.ofMillis(200)).size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Thread.sleep(2000);
            var updates = lifecycle.await(isUpdate, Duration.ofMillis(500));
            assertThat(updates).hasSize(2);
            assertThat(new String(updates.getLast().value())).contains("\"capabilities\":[\"chat\",\"ocr\",\"vision\",\"tables\",\"charts\"]");
        }
        // The bot of the same id in another tenant is untouched.
        assertThat(capabilities(stranger)).containsExactly("chat");
    }

    private static EventEnvelope<BotHubEvent> install(String tenantId, List<String> capabilities) {
        return EventEnvelope.of(SKILL_SERVICE, tenantId, null,
                new SkillInstalled("skill_1", "ocr", "1.0.0", "ocr-bot", capabilities, Instant.now()));
    }

    private void send(EventEnvelope<BotHubEvent> event) throws Exception {
        kafka.send(Topics.SKILL_EVENTS, event.key(), event).get();
    }

    private void awaitCapabilities(String tenantId, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!capabilities(tenantId).equals(expected)) {
            assertThat(System.nanoTime()).as("capabilities are %s", capabilities(tenantId)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private List<String> capabilities(String tenantId) {
        return jdbc.sql("select capabilities from bot where tenant_id = :t and bot_id = 'ocr-bot'").param("t", tenantId)
                .query((rs, i) -> List.of((String[]) rs.getArray(1).getArray())).single();
    }
}
