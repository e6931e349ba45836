package io.bothub.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bothub.events.bot.BotHeartbeat;

class MalformedEventTest {

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final EventEnvelope<BotHubEvent> heartbeat =
            SampleEvents.envelope(SampleEvents.BY_CLASS.get(BotHeartbeat.class));

    @Test
    void aMissingContextAttributeIsNamed() {
        Map<String, byte[]> headers = headers();
        headers.remove(CloudEventsKafkaCodec.H_ID);

        assertThatThrownBy(() -> codec.read(headers, codec.value(heartbeat)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("ce_id");
    }

    @Test
    void anotherSpecVersionIsRefused() {
        Map<String, byte[]> headers = headers();
        headers.put(CloudEventsKafkaCodec.H_SPEC_VERSION, utf8("0.3"));

        assertThatThrownBy(() -> codec.read(headers, codec.value(heartbeat)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("specversion '0.3'");
    }

    @Test
    void aNewerVersionOfAKnownEventIsReportedAsUnsupportedVersion() {
        Map<String, byte[]> headers = headers();
        headers.put(CloudEventsKafkaCodec.H_TYPE, utf8("io.bothub.bot.heartbeat.v2"));

        assertThatThrownBy(() -> codec.read(headers, codec.value(heartbeat)))
                .isInstanceOf(UnsupportedEventVersionException.class)
                .hasMessageContaining("io.bothub.bot.heartbeat.v2").hasMessageContaining("[1]");
    }

    @Test
    void anUnknownTypeIsRefused() {
        Map<String, byte[]> headers = headers();
        headers.put(CloudEventsKafkaCodec.H_TYPE, utf8("com.example.something.v1"));

        assertThatThrownBy(() -> codec.read(headers, codec.value(heartbeat)))
                .isInstanceOf(EventFormatException.class)
                .isNotInstanceOf(UnsupportedEventVersionException.class)
                .hasMessageContaining("unknown event type 'com.example.something.v1'");
    }

    @Test
    void dataThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> codec.read(headers(), utf8("{not json")))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("does not match BotHeartbeat");
    }

    @Test
    void dataMissingARequiredFieldIsRefused() {
        assertThatThrownBy(() -> codec.read(headers(), utf8("{\"status\":\"online\",\"currentLoad\":0.1,\"activeTasks\":0,\"activeSessions\":0,\"receivedAt\":\"2026-11-22T10:15:30Z\"}")))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("botId");
    }

    @Test
    void emptyDataIsRefused() {
        assertThatThrownBy(() -> codec.read(headers(), new byte[0]))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("has no data");
    }

    @Test
    void aTimeThatIsNotRfc3339IsRefused() {
        Map<String, byte[]> headers = headers();
        headers.put(CloudEventsKafkaCodec.H_TIME, utf8("yesterday"));

        assertThatThrownBy(() -> codec.read(headers, codec.value(heartbeat)))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("ce_time 'yesterday'");
    }

    @Test
    void unknownFieldsInTheDataAreIgnoredSoProducersCanAddFields() {
        String withExtra = new String(codec.value(heartbeat), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":true,");

        org.assertj.core.api.Assertions.assertThat(codec.read(headers(), utf8(withExtra))).isEqualTo(heartbeat);
    }

    private Map<String, byte[]> headers() {
        return new LinkedHashMap<>(codec.headers(heartbeat));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
