package io.bothub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins every event's wire shape. A renamed or removed field changes the JSON and fails here; to accept an
 * additive change on purpose, rerun with {@code -Dbothub.golden.write=true} and review the diff of the golden files.
 */
class EventContractTest {

    static final java.util.List<Class<? extends BotHubEvent>> EVENTS = EventCatalog.ALL;

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyEventRoundTripsThroughTheKafkaBinding(Class<? extends BotHubEvent> type) {
        EventEnvelope<BotHubEvent> sent = SampleEvents.envelope(sample(type));

        EventEnvelope<BotHubEvent> read = codec.read(codec.headers(sent), codec.value(sent));

        assertThat(read).isEqualTo(sent);
        assertThat(read.data()).isInstanceOf(type);
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyEventKeepsItsGoldenJsonShape(Class<? extends BotHubEvent> type) throws IOException {
        String name = EventCatalog.typeOf(type) + ".json";
        JsonNode actual = json.readTree(codec.value(SampleEvents.envelope(sample(type))));
        if (Boolean.getBoolean("bothub.golden.write")) {
            Path file = Path.of("src/test/resources/golden", name);
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        try (InputStream golden = getClass().getResourceAsStream("/golden/" + name)) {
            assertThat(golden).as("golden file src/test/resources/golden/%s", name).isNotNull();
            JsonNode expected = json.readTree(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @FieldSource("EVENTS")
    void everyEventIsPublishedOnADeclaredTopicUnderItsPartitionKey(Class<? extends BotHubEvent> type) {
        EventEnvelope<BotHubEvent> event = SampleEvents.envelope(sample(type));

        assertThat(Topics.spec(event.topic()).name()).isEqualTo(event.topic());
        assertThat(event.key()).isNotBlank();
    }

    private static BotHubEvent sample(Class<? extends BotHubEvent> type) {
        BotHubEvent sample = SampleEvents.BY_CLASS.get(type);
        assertThat(sample).as("SampleEvents has no sample of %s", type.getSimpleName()).isNotNull();
        return sample;
    }

    static Map<String, byte[]> headersOf(EventEnvelope<?> event) {
        return new CloudEventsKafkaCodec().headers(event);
    }
}
