package io.bothub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import io.bothub.events.Topics;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.support.messaging.TelemetryPublisher;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;

/** A heartbeat on the real bot.heartbeat topic, read by the CloudEvents Java SDK's Kafka deserializer. */
@SpringBootTest
@WithRealInfrastructure
class TelemetryOnTheWireTest {

    @Autowired TelemetryPublisher telemetry;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    @Test
    void aHeartbeatOnBotHeartbeatIsReadableByTheCloudEventsSdk() throws Exception {
        String botId = "bot-" + UUID.randomUUID();
        telemetry.publish("tenant-a", "corr-1",
                new BotHeartbeat(botId, "online", 0.5, 1, 2, 10.0, 20.0, "2.0.0", Instant.now())).get();

        try (KafkaProbe<CloudEvent> probe = KafkaProbe.of(bootstrap, Topics.BOT_HEARTBEAT, new CloudEventDeserializer())) {
            var records = probe.await(r -> botId.equals(r.key()), Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            CloudEvent event = records.getFirst().value();
            assertThat(event.getType()).isEqualTo("io.bothub.bot.heartbeat.v1");
            assertThat(event.getSource().toString()).isEqualTo("/bothub/support-test");
            assertThat(event.getExtension("tenantid")).isEqualTo("tenant-a");
            assertThat(event.getExtension("correlationid")).isEqualTo("corr-1");
            assertThat(new String(event.getData().toBytes())).contains("\"botId\":\"" + botId + "\"");
        }
    }
}
