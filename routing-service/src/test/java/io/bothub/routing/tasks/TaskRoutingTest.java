package io.bothub.routing.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.task.TaskCreated;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.routing.TestFleet;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest
@WithRealInfrastructure
class TaskRoutingTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;
    @Value("${spring.kafka.consumer.group-id}") String group;

    private TestFleet fleet;

    @BeforeEach
    void fleet() {
        fleet = new TestFleet(kafka, jdbc, 0);
    }

    @Test
    void aTaskGoesToACapableOnlineBotWithTheFewestUnfinishedTasksOnceEvenIfRedelivered() throws Exception {
        fleet.onlineBot("ops-1", "ops", List.of("cloud-ops"), 5, 100);
        fleet.onlineBot("ops-2", "ops", List.of("cloud-ops"), 5, 100);
        fleet.onlineBot("chatty", "care", List.of("chat"), 5, 100);

        EventEnvelope<BotHubEvent> first = envelope(task("t-1", "normal", "cloud-ops"));
        send(first);
        send(first);
        awaitRouted("t-1");
        send(envelope(task("t-2", "normal", "cloud-ops")));
        awaitRouted("t-2");
        Thread.sleep(500);

        assertThat(routed("t-1")).isEqualTo(1);
        assertThat(List.of(botOf("t-1"), botOf("t-2"))).as("one each: the second goes to the bot without a task")
                .containsExactlyInAnyOrder("ops-1", "ops-2");
        assertThat(jdbc.sql("select convert_from(payload, 'UTF8') from outbox_event where record_key = 't-1'")
                .query(String.class).single()).contains("\"candidates\":[");

        fleet.send(new TaskStatusChanged("t-1", botOf("t-1"), "running", "completed", "reported-by-bot", 100, null,
                Instant.now()));
        TestFleet.await(() -> "done".equals(jdbc.sql("select status from task_request where task_id = 't-1'")
                .query(String.class).single()), "t-1 done");
        send(envelope(task("t-3", "normal", "cloud-ops")));
        awaitRouted("t-3");
        assertThat(botOf("t-3")).as("the bot whose task finished is the emptier one").isEqualTo(botOf("t-1"));
    }

    @Test
    void aTaskNoBotCanTakeWaitsUntilOneComesOnline() {
        fleet.onlineBot("chatty", "care", List.of("chat"), 5, 100);
        send(envelope(task("t-gpu", "high", "gpu")));
        TestFleet.await(() -> jdbc.sql("select count(*) from task_request where task_id = 't-gpu' and status = 'waiting'")
                .query(Integer.class).single() == 1, "the task waiting");
        assertThat(routed("t-gpu")).isZero();

        fleet.onlineBot("renderer", "ops", List.of("gpu", "chat"), 5, 100);
        awaitRouted("t-gpu");
        assertThat(botOf("t-gpu")).isEqualTo("renderer");
    }

    @Test
    void aTaskNamingItsBotIsNotRoutedHere() throws Exception {
        fleet.onlineBot("ops-1", "ops", List.of(), 5, 100);
        RecordMetadata named = send(envelope(new TaskCreated("t-named", "Restart", "normal", List.of(), "ops-1", null,
                "user:ann", Instant.now())));
        // Not "nothing happened yet": routing-service has read the event (its group committed past it) and left it.
        TopicPartition partition = new TopicPartition(named.topic(), named.partition());
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TestFleet.await(() -> {
                try {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get().get(partition);
                    return committed != null && committed.offset() > named.offset();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "routing-service to read the task");
        }
        assertThat(jdbc.sql("select count(*) from task_request where task_id = 't-named'").query(Integer.class).single()).isZero();
        assertThat(routed("t-named")).isZero();
    }

    private static TaskCreated task(String id, String priority, String capability) {
        return new TaskCreated(id, "Resize instances", priority, List.of(capability), null, null, "user:ann", Instant.now());
    }

    private EventEnvelope<BotHubEvent> envelope(BotHubEvent event) {
        return EventEnvelope.of(URI.create("/bothub/task-service"), fleet.tenant, null, event);
    }

    private RecordMetadata send(EventEnvelope<BotHubEvent> envelope) {
        try {
            return kafka.send(envelope.topic(), envelope.key(), envelope).get().getRecordMetadata();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitRouted(String task) {
        TestFleet.await(() -> routed(task) > 0, "task " + task + " routed");
    }

    private int routed(String task) {
        return jdbc.sql("select count(*) from outbox_event where event_type = 'io.bothub.task.routed.v1' and record_key = :t")
                .param("t", task).query(Integer.class).single();
    }

    private String botOf(String task) {
        return jdbc.sql("select bot_id from task_request where tenant_id = :tenant and task_id = :t")
                .param("tenant", fleet.tenant).param("t", task).query(String.class).single();
    }
}
