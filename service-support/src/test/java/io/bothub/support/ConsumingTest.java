package io.bothub.support;

import static io.bothub.support.Records.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.UnsupportedEventVersionException;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.inbox.ProcessedEvents;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest
@WithRealInfrastructure
class ConsumingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired DemoNotes notes;
    @Autowired ProcessedEvents processed;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;
    @Value("${spring.application.name}") String service;

    @Test
    void aRedeliveredEventIsDeliveredTwiceButAppliedOnce() throws Exception {
        EventEnvelope<BotHubEvent> event = callback("cb-" + UUID.randomUUID(), "text", "bot-7");

        kafka.send(Topics.CALLBACK_RECEIVED, event.key(), event).get();
        kafka.send(Topics.CALLBACK_RECEIVED, event.key(), event).get();

        String id = ((CallbackReceived) event.data()).callbackId();
        awaitTrue(() -> notes.deliveriesOf(id) == 2);
        assertThat(notes.timesApplied(id)).isEqualTo(1);
        assertThat(processed.contains("demo-notes", event.id())).isTrue();
    }

    @Test
    void aPoisonEventIsRetriedWithBackoffThenDeadLetteredWithoutHoldingUpItsPartition() throws Exception {
        String bot = "bot-" + UUID.randomUUID();
        EventEnvelope<BotHubEvent> poison = callback("poison-" + UUID.randomUUID(), "poison", bot);
        EventEnvelope<BotHubEvent> next = callback("after-" + UUID.randomUUID(), "text", bot);
        String poisonId = ((CallbackReceived) poison.data()).callbackId();
        String nextId = ((CallbackReceived) next.data()).callbackId();

        // Same key, so the same partition: the second event queues behind the first.
        kafka.send(Topics.CALLBACK_RECEIVED, bot, poison).get();
        kafka.send(Topics.CALLBACK_RECEIVED, bot, next).get();

        String deadLetters = Topics.spec(Topics.CALLBACK_RECEIVED).deadLetterTopic(service);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, deadLetters)) {
            awaitTrue(() -> notes.timesApplied(nextId) == 1);
            assertThat(notes.deliveriesOf(poisonId)).as("the next event was applied while the poison still had retries left")
                    .isLessThan(Topics.DELIVERY_ATTEMPTS);

            var dead = probe.await(r -> poison.id().equals(header(r, CloudEventsKafkaCodec.H_ID)), PATIENCE);
            assertThat(dead).hasSize(1);
            assertThat(header(dead.getFirst(), KafkaHeaders.EXCEPTION_MESSAGE)).as(Records.headerNames(dead.getFirst())).contains("cannot handle " + poisonId);
        }
        assertThat(notes.deliveriesOf(poisonId)).isEqualTo(Topics.DELIVERY_ATTEMPTS);
        assertThat(notes.timesApplied(poisonId)).isZero();
    }

    @Test
    void aRecordThatIsNotAValidEventGoesStraightToTheDeadLetterTopic() throws Exception {
        String key = "bot-" + UUID.randomUUID();
        EventEnvelope<BotHubEvent> event = callback("future-" + UUID.randomUUID(), "text", key);
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.CALLBACK_RECEIVED, key,
                "{\"callbackId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        new CloudEventsKafkaCodec().headers(event).forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
        record.headers().remove(CloudEventsKafkaCodec.H_TYPE);
        record.headers().add(CloudEventsKafkaCodec.H_TYPE, "io.bothub.callback.received.v9".getBytes(StandardCharsets.UTF_8));

        kafka.send(record).get();

        String deadLetters = Topics.spec(Topics.CALLBACK_RECEIVED).deadLetterTopic(service);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, deadLetters)) {
            var dead = probe.await(r -> key.equals(r.key()), PATIENCE);
            assertThat(dead).hasSize(1);
            assertThat(header(dead.getFirst(), KafkaHeaders.EXCEPTION_STACKTRACE))
                    .contains(UnsupportedEventVersionException.class.getName())
                    .contains("io.bothub.callback.received.v9");
            assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("{\"callbackId\":\"x\"}");
        }
        assertThat(notes.deliveries).noneMatch(key::equals);
    }

    private static EventEnvelope<BotHubEvent> callback(String callbackId, String eventType, String botId) {
        return EventEnvelope.of(URI.create("/bothub/test"), "tenant-a", null,
                new CallbackReceived(callbackId, botId, "message", eventType, Map.of("text", "hi"), Instant.now()));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", PATIENCE).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
