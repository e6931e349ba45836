package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.skill.SkillRated;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.support.messaging.EventEnvelopeDeserializer;

/**
 * The ingest deserializer reads every record, good, odd or bad, exactly as the platform's deserializer does: the
 * same envelope, or the same refusal with the same message (so ingestion skips what it skipped before).
 */
class IngestDeserializerTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");
    private static final String TOPIC = "bot.heartbeat";

    private final IngestDeserializer ingest = new IngestDeserializer();
    private final EventEnvelopeDeserializer platform = new EventEnvelopeDeserializer();
    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();

    @Test
    void readsEveryKindOfEventItIngestsAsThePlatformDoes() {
        List<BotHubEvent> events = List.of(
                new BotHeartbeat("bot-1", "online", 0.25, 2, 3, 41.5, 62.0, "1.4.2", AT),
                new BotHeartbeat("bot-1", "busy", 1.0, 0, 0, null, null, null, AT),
                new BotRegistered("bot-1", "Support bot", "g", List.of("chat"), 10, 100, "https://bot.example/h", AT),
                new BotStatusChanged("bot-1", "online", "offline", "heartbeat-timeout", "system", AT),
                new CallbackReceived("cb-1", "bot-1", "event", "error", Map.of("code", "E1", "processingTimeMs", 12), AT),
                new CommandStatusChanged("c-1", "bot-1", "send_message", null, "sent", "failed", 2, "answered",
                        Map.of("error", Map.of("message", "boom")), AT),
                new TaskStatusChanged("t-1", "bot-1", "running", "completed", "done", null, Map.of(), AT),
                new SessionAssigned("s-1", "bot-1", null, null, "normal", "least-sessions", 0, AT),
                new SessionClosed("s-1", null, "user", 7, AT),
                new SkillRated("skill-1", "user-1", 4, null, 4.5, 2, AT));
        for (BotHubEvent event : events) {
            EventEnvelope<BotHubEvent> envelope = envelope(event);

            assertThat(ingest.deserialize(TOPIC, headers(envelope), codec.value(envelope))).isEqualTo(envelope);
            assertSameOutcome(headers(envelope), codec.value(envelope));
        }
    }

    /** ce_time in every shape: the canonical ones read fast, the rest by java.time, bad ones refused as before. */
    @Test
    void readsEveryEventTimeAsThePlatformDoes() {
        for (String time : ODD_TIMES) {
            assertSameOutcome(with(CloudEventsKafkaCodec.H_TIME, time), value(heartbeat()));
        }
        assertThat(read(with(CloudEventsKafkaCodec.H_TIME, "2026-11-22T11:15:30.5+01:00"), value(heartbeat())).time())
                .isEqualTo(Instant.parse("2026-11-22T10:15:30.5Z"));
        assertThat(refusal(with(CloudEventsKafkaCodec.H_TIME, "2026-02-30T10:15:30Z"), value(heartbeat())))
                .contains("ce_time '2026-02-30T10:15:30Z'");
    }

    /** The payload's instants likewise, including numbers and shapes only Jackson's own deserializer reads. */
    @Test
    void readsEveryPayloadInstantAsThePlatformDoes() {
        List<String> values = new ArrayList<>();
        ODD_TIMES.forEach(time -> values.add('"' + time + '"'));
        values.addAll(List.of("1763806530", "1763806530.5", "1763806530123", "-1", "null", "true", "{}", "[]",
                "\"\"", "\" \"", "\"1763806530\""));
        for (String json : values) {
            String payload = new String(value(heartbeat()), StandardCharsets.UTF_8)
                    .replace("\"" + AT + "\"", json);
            assertSameOutcome(headers(heartbeat()), payload.getBytes(StandardCharsets.UTF_8));
        }
        String offset = new String(value(heartbeat()), StandardCharsets.UTF_8)
                .replace("\"" + AT + "\"", "\"2026-11-22T11:15:30.123+01:00\"");
        assertThat(((BotHeartbeat) read(headers(heartbeat()), offset.getBytes(StandardCharsets.UTF_8)).data())
                .receivedAt()).isEqualTo(AT);
        String noTime = new String(value(heartbeat()), StandardCharsets.UTF_8).replace("\"" + AT + "\"", "null");
        assertThat(refusal(headers(heartbeat()), noTime.getBytes(StandardCharsets.UTF_8))).contains("receivedAt");
    }

    @Test
    void refusesBadHeadersAsThePlatformDoesWithTheSameMessage() {
        List<Consumer<RecordHeaders>> changes = new ArrayList<>();
        for (String name : List.of(CloudEventsKafkaCodec.H_SPEC_VERSION, CloudEventsKafkaCodec.H_ID,
                CloudEventsKafkaCodec.H_SOURCE, CloudEventsKafkaCodec.H_TYPE, CloudEventsKafkaCodec.H_TIME,
                CloudEventsKafkaCodec.H_TENANT_ID, CloudEventsKafkaCodec.H_CORRELATION_ID,
                CloudEventsKafkaCodec.H_CONTENT_TYPE)) {
            changes.add(h -> h.remove(name));
            changes.add(h -> set(h, name, ""));
            changes.add(h -> set(h, name, "  "));
            changes.add(h -> set(h, name, null));
            changes.add(h -> h.add(name, utf8("x"))); // repeated: the last wins
        }
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_SPEC_VERSION, "0.3"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_SPEC_VERSION, "1.0 "));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_TYPE, "io.bothub.bot.heartbeat.v2"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_TYPE, "com.example.something.v1"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_TYPE, "io.bothub.task.status-changed.v1"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_CONTENT_TYPE, "text/plain"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_CONTENT_TYPE, "application/json; charset=utf-8"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_CONTENT_TYPE, "application/jso"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_SOURCE, "not a uri"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_SOURCE, "https://bothub.example/bot-service?x=1#y"));
        changes.add(h -> set(h, CloudEventsKafkaCodec.H_TENANT_ID, "tenant-é"));
        changes.add(h -> {
            h.remove(CloudEventsKafkaCodec.H_TIME);
            h.add(CloudEventsKafkaCodec.H_TIME, utf8("yesterday"));
            h.add(CloudEventsKafkaCodec.H_TIME, utf8(AT.toString()));
        });
        for (Consumer<RecordHeaders> change : changes) {
            RecordHeaders headers = headers(heartbeat());
            change.accept(headers);
            assertSameOutcome(headers, value(heartbeat()));
        }
        assertThat(refusal(with(CloudEventsKafkaCodec.H_SPEC_VERSION, "0.3"), value(heartbeat())))
                .contains("specversion '0.3'");
        assertThat(refusal(with(CloudEventsKafkaCodec.H_TENANT_ID, " "), value(heartbeat()))).contains("ce_tenantid");
    }

    @Test
    void refusesBadDataAsThePlatformDoesWithTheSameMessage() {
        String good = new String(value(heartbeat()), StandardCharsets.UTF_8);
        List<byte @Nullable []> values = new ArrayList<>();
        values.add(null);
        values.add(new byte[0]);
        values.add(utf8("{not json"));
        values.add(utf8("[]"));
        values.add(utf8("null"));
        values.add(utf8(good.replace("\"botId\" : \"bot-1\",", "").replace("\"botId\":\"bot-1\",", "")));
        values.add(utf8(good.replace("0.25", "\"a lot\"")));
        values.add(utf8(good.replaceFirst("\\{", "{\"addedLater\":true,")));
        values.add(utf8(good + " trailing"));
        for (byte[] value : values) {
            assertSameOutcome(headers(heartbeat()), value);
        }
        assertThat(refusal(headers(heartbeat()), utf8("{not json"))).contains("does not match BotHeartbeat");
        assertThat(refusal(headers(heartbeat()), new byte[0])).contains("has no data");
    }

    @Test
    void refusesARecordWithoutHeadersAsThePlatformDoes() {
        assertThat(outcome(() -> ingest.deserialize(TOPIC, value(heartbeat()))))
                .isEqualTo(outcome(() -> platform.deserialize(TOPIC, value(heartbeat()))))
                .asString().contains("no headers");
    }

    private static final List<String> ODD_TIMES = List.of("2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1Z",
            "2026-11-22T10:15:30.123456789Z", "2024-02-29T10:15:30Z", "2026-11-22T10:15:30+00:00",
            "2026-11-22T11:15:30.5+01:00", "2026-11-22t10:15:30z", "2026-11-22T10:15Z", "2026-11-22T10:15:30",
            "2026-11-22T23:59:60Z", "2026-11-22T24:00:00Z", "2026-02-29T10:15:30Z", "2026-02-30T10:15:30Z",
            "2026-11-22T10:15:30.1234567890Z", "+12026-11-22T10:15:30Z", " 2026-11-22T10:15:30Z",
            "2026-11-22T10:15:30.Z", "yesterday", "", " ");

    private void assertSameOutcome(RecordHeaders headers, byte @Nullable [] value) {
        Object expected = outcome(() -> platform.deserialize(TOPIC, copy(headers), value));
        Object actual = outcome(() -> ingest.deserialize(TOPIC, copy(headers), value));

        assertThat(actual).as("%s / %s", describe(headers),
                value == null ? null : new String(value, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private EventEnvelope<BotHubEvent> read(RecordHeaders headers, byte[] value) {
        assertSameOutcome(headers, value);
        return ingest.deserialize(TOPIC, headers, value);
    }

    private String refusal(RecordHeaders headers, byte[] value) {
        assertSameOutcome(headers, value);
        Object outcome = outcome(() -> ingest.deserialize(TOPIC, headers, value));
        assertThat(outcome).isInstanceOf(String.class);
        return (String) outcome;
    }

    /** The envelope read, or the refusal as exception class and message. */
    private static Object outcome(java.util.function.Supplier<EventEnvelope<BotHubEvent>> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static EventEnvelope<BotHubEvent> heartbeat() {
        return envelope(new BotHeartbeat("bot-1", "online", 0.25, 2, 3, 41.5, 62.0, "1.4.2", AT));
    }

    private static EventEnvelope<BotHubEvent> envelope(BotHubEvent data) {
        return new EventEnvelope<>("0b6f4a52-5f52-4f0e-9d0c-1f1c2a3b4c5d", URI.create("/bothub/test"),
                io.bothub.events.EventCatalog.typeOf(data.getClass()), AT, "tenant-acme", "corr-42", data);
    }

    private byte[] value(EventEnvelope<BotHubEvent> envelope) {
        return codec.value(envelope);
    }

    private RecordHeaders headers(EventEnvelope<BotHubEvent> envelope) {
        RecordHeaders headers = new RecordHeaders();
        codec.headers(envelope).forEach(headers::add);
        return headers;
    }

    private RecordHeaders with(String name, String value) {
        RecordHeaders headers = headers(heartbeat());
        set(headers, name, value);
        return headers;
    }

    private static void set(RecordHeaders headers, String name, @Nullable String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : utf8(value));
    }

    private static RecordHeaders copy(RecordHeaders headers) {
        return new RecordHeaders(headers.toArray());
    }

    private static String describe(RecordHeaders headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach(h -> text.append(h.key()).append('=')
                .append(h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8)).append(' '));
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
