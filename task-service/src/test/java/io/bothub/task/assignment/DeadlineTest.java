package io.bothub.task.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

import io.bothub.task.Desk;
import io.bothub.task.TaskServiceApplication;
import io.bothub.testsupport.AnotherReplica;
import io.bothub.testsupport.WithRealInfrastructure;

/** The deadline policy, with two replicas sweeping the same database every 50 ms. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@TestPropertySource(properties = "bothub.task.sweep-interval=50ms")
class DeadlineTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @LocalServerPort int port;

    private ConfigurableApplicationContext secondReplica;

    @AfterEach
    void tearDown() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    @Test
    void tasksWhoseDeadlinePassesFailExactlyOnceWhateverTheyWaitedForEvenWithTwoReplicasSweeping() {
        secondReplica = AnotherReplica.start(TaskServiceApplication.class, environment,
                Map.of("bothub.task.sweep-interval", "50ms"));
        int secondPort = AnotherReplica.port(secondReplica);

        Desk desk = new Desk("tenant-" + UUID.randomUUID(), kafka, jdbc, port);
        desk.bot("alpha", "ecs");
        desk.policy("urgent");
        // Far enough ahead for 40 creations on a busy 2-core machine; nothing may fail before it.
        Instant deadline = Instant.now().plusSeconds(15);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Desk via = i % 2 == 0 ? desk : desk.via(secondPort);
            String body = switch (i % 4) {
                case 0 -> "{\"title\":\"waits for approval\",\"priority\":\"urgent\",\"deadline\":\"" + deadline + "\"}";
                case 1 -> "{\"title\":\"waits for a bot\",\"deadline\":\"" + deadline + "\"}";
                default -> "{\"title\":\"assigned\",\"botId\":\"alpha\",\"deadline\":\"" + deadline + "\"}";
            };
            ids.add(via.create(body).get("id").asString());
        }
        String running = ids.get(2);
        String completedInTime = ids.get(3);
        desk.pull("alpha", 5);
        desk.pull("alpha", 5);
        // Pulls hand out most urgent then oldest: ids 2 and 3 are the first two assigned.
        desk.asBot("alpha", "POST", "/api/v1/tasks/" + running + "/start", null);
        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks/" + completedInTime + "/complete", "{}").statusCode()).isEqualTo(200);
        String later = desk.create("{\"title\":\"later\",\"botId\":\"alpha\",\"deadline\":\"" + Instant.now().plusSeconds(600) + "\"}")
                .get("id").asString();

        Instant checked = Instant.now();
        int failedEarly = jdbc.sql("select count(*) from task where tenant_id = :t and status = 'failed'").param("t", desk.tenant)
                .query(Integer.class).single();
        if (checked.isBefore(deadline.minusMillis(500))) {
            assertThat(failedEarly).as("nothing fails before its deadline").isZero();
        }
        Desk.await("every task past its deadline failed", () -> jdbc.sql("select count(*) from task where tenant_id = :t and status = 'failed'")
                .param("t", desk.tenant).query(Integer.class).single() == 39, Duration.ofSeconds(45));
        assertThat(Instant.now()).isAfter(deadline);
        for (String id : ids) {
            if (id.equals(completedInTime)) {
                continue;
            }
            assertThat(desk.detail(id).get("task").get("failureReason").asString()).isEqualTo("deadline-passed");
            assertThat(desk.events(id).stream().filter(e -> e.startsWith("failed"))).as("one failure event for " + id).hasSize(1);
            assertThat(jdbc.sql("select count(*) from task_history where task_id = cast(:id as uuid) and new_status = 'failed'")
                    .param("id", id).query(Integer.class).single()).isEqualTo(1);
        }
        assertThat(desk.statusOf(completedInTime)).isEqualTo("completed");
        assertThat(desk.statusOf(later)).isEqualTo("assigned");
        assertThat(desk.asBot("alpha", "POST", "/api/v1/tasks/" + running + "/complete", "{}").statusCode())
                .as("a result after the deadline is refused").isEqualTo(409);
    }
}
