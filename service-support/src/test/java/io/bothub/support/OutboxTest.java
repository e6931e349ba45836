package io.bothub.support;

import static io.bothub.support.Records.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.BotHubEvent;
import io.bothub.events.Topics;
import io.bothub.events.task.TaskCreated;
import io.bothub.support.messaging.EventValueSerializer;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.outbox.OutboxRelay;
import io.bothub.support.outbox.OutboxSettings;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The relay as the platform runs it: rows leave the outbox once the broker has their events. */
@SpringBootTest(properties = "bothub.outbox.keep-published=0s")
@WithRealInfrastructure
class OutboxTest {

    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired OutboxSettings settings;
    @Autowired KafkaOperations<String, Object> kafka;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    @Test
    void anEventCommittedWithItsChangeIsPublishedAfterACrashBetweenCommitAndSend() {
        String taskId = "task-" + UUID.randomUUID();
        // The relay is off: the service "crashed" right after the commit, before anything was sent.
        EventEnvelope<BotHubEvent> event = inTransaction(() -> {
            jdbc.sql("insert into demo_note (id, body) values (:id, 'created')").param("id", taskId).update();
            return outbox.add("tenant-a", taskCreated(taskId));
        });
        assertThat(pendingRows(event.id())).isEqualTo(1);

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.TASK_CREATED)) {
            assertThat(probe.await(r -> event.id().equals(header(r, CloudEventsKafkaCodec.H_ID)), Duration.ofSeconds(2)))
                    .as("nothing is sent before the relay runs").isEmpty();

            // The restarted service's relay finds the committed event and sends it.
            drain(relay);

            var received = probe.await(r -> event.id().equals(header(r, CloudEventsKafkaCodec.H_ID)), Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            assertThat(received.getFirst().key()).isEqualTo(taskId);
            assertThat(header(received.getFirst(), CloudEventsKafkaCodec.H_TYPE)).isEqualTo("io.bothub.task.created.v1");
            assertThat(header(received.getFirst(), CloudEventsKafkaCodec.H_TENANT_ID)).isEqualTo("tenant-a");
        }
        assertThat(rows(event.id())).as("an acknowledged event's row leaves the outbox").isZero();
    }

    @Test
    void aRolledBackChangePublishesNothing() {
        String taskId = "task-" + UUID.randomUUID();
        String[] eventId = new String[1];

        assertThatThrownBy(() -> inTransaction(() -> {
            jdbc.sql("insert into demo_note (id, body) values (:id, 'doomed')").param("id", taskId).update();
            eventId[0] = outbox.add("tenant-a", taskCreated(taskId)).id();
            throw new IllegalStateException("the change fails after the event was added");
        })).hasMessageContaining("the change fails");

        assertThat(rows(eventId[0])).isZero();
        drain(relay);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.TASK_CREATED)) {
            assertThat(probe.await(r -> taskId.equals(r.key()), Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void addingAnEventOutsideATransactionIsRefusedNotSilentlyDropped() {
        assertThatThrownBy(() -> outbox.add("tenant-a", taskCreated("task-x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside one");
    }

    @Test
    void anEventTheBrokerDidNotAcknowledgeStaysPendingVisiblyAndIsSentOnRetry() {
        String taskId = "task-" + UUID.randomUUID();
        EventEnvelope<BotHubEvent> event = inTransaction(() -> outbox.add("tenant-a", taskCreated(taskId)));

        try (DeadBroker deadBroker = new DeadBroker()) {
            OutboxRelay unreachable = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager),
                    deadBroker.template, settings, new SimpleMeterRegistry());
            unreachable.relayOnce();
        }

        Map<String, Object> row = jdbc.sql("select attempts, last_error, published_at, next_attempt_at > now() as later "
                + "from outbox_event where event_id = :id").param("id", event.id()).query().singleRow();
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("last_error")).isNotBlank();
        assertThat(row.get("published_at")).isNull();
        assertThat(row.get("later")).as("backs off before the next attempt").isEqualTo(true);

        jdbc.sql("update outbox_event set next_attempt_at = now() where event_id = :id").param("id", event.id()).update();
        drain(relay);

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.TASK_CREATED)) {
            assertThat(probe.await(r -> event.id().equals(header(r, CloudEventsKafkaCodec.H_ID)), Duration.ofSeconds(20)))
                    .hasSize(1);
        }
        assertThat(rows(event.id())).isZero();
    }

    @Test
    void keptForInspectionAPublishedRowIsMarkedAndStaysUntilItsTimeIsUp() {
        EventEnvelope<BotHubEvent> event = inTransaction(() -> outbox.add("tenant-a", taskCreated("task-" + UUID.randomUUID())));
        OutboxSettings keepingAnHour = new OutboxSettings(false, settings.pollInterval(), settings.batchSize(),
                settings.sendTimeout(), settings.maxBackoff(), Duration.ofHours(1));
        OutboxRelay keeping = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), kafka, keepingAnHour,
                new SimpleMeterRegistry());

        drain(keeping);
        keeping.deleteOldPublished();

        assertThat(pendingRows(event.id())).isZero();
        assertThat(publishedRows(event.id())).isEqualTo(1);
    }

    private static void drain(OutboxRelay relay) {
        while (relay.relayOnce() > 0) {
            // Keep going until the due events are all sent.
        }
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactionManager).execute(status -> work.get());
    }

    private int pendingRows(String eventId) {
        return jdbc.sql("select count(*) from outbox_event where event_id = :id and published_at is null")
                .param("id", eventId).query(Integer.class).single();
    }

    private int rows(String eventId) {
        return jdbc.sql("select count(*) from outbox_event where event_id = :id").param("id", eventId)
                .query(Integer.class).single();
    }

    private int publishedRows(String eventId) {
        return jdbc.sql("select count(*) from outbox_event where event_id = :id and published_at is not null")
                .param("id", eventId).query(Integer.class).single();
    }

    private static TaskCreated taskCreated(String taskId) {
        return new TaskCreated(taskId, "Summarise the report", "normal", java.util.List.of("summarise"), null, null,
                "user-1", Instant.now());
    }

    /** A producer whose broker never answers: nothing it sends is acknowledged. */
    private static final class DeadBroker implements AutoCloseable {

        final KafkaTemplate<String, Object> template;
        private final DefaultKafkaProducerFactory<String, Object> factory;

        DeadBroker() {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            factory = new DefaultKafkaProducerFactory<>(config, new org.apache.kafka.common.serialization.StringSerializer(),
                    new EventValueSerializer());
            template = new KafkaTemplate<>(factory);
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }
}
