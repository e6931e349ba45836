package io.bothub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.bothub.events.bot.BotHeartbeat;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;

/** The CloudEvents Java SDK, an implementation that is not ours, reads the headers we write. */
class ForeignCloudEventsReaderTest {

    @Test
    void theCloudEventsSdkReadsAHeartbeatRecord() {
        CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
        EventEnvelope<BotHubEvent> heartbeat = SampleEvents.envelope(SampleEvents.BY_CLASS.get(BotHeartbeat.class));
        RecordHeaders headers = new RecordHeaders();
        codec.headers(heartbeat).forEach(headers::add);

        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            CloudEvent event = sdk.deserialize(Topics.BOT_HEARTBEAT, headers, codec.value(heartbeat));

            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(event.getId()).isEqualTo(heartbeat.id());
            assertThat(event.getType()).isEqualTo("io.bothub.bot.heartbeat.v1");
            assertThat(event.getSource()).isEqualTo(heartbeat.source());
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-22T10:15:30.123Z"));
            assertThat(event.getExtension("tenantid")).isEqualTo("tenant-acme");
            assertThat(event.getExtension("correlationid")).isEqualTo("corr-42");
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).contains("\"botId\":\"bot-1\"");
        }
    }
}
