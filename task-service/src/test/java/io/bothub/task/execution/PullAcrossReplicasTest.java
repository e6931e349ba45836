package io.bothub.task.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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

/**
 * A bot's pull waiting on one replica is woken by an assignment made on another, through Redis. Polling is turned
 * off (a 5-minute interval), so only that wake-up can hand the bot its task within its long poll.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@TestPropertySource(properties = "bothub.task.poll-interval=5m")
class PullAcrossReplicasTest {

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
    void aPullWaitingOnOneReplicaGetsATaskAssignedOnAnother() throws Exception {
        secondReplica = AnotherReplica.start(TaskServiceApplication.class, environment,
                Map.of("bothub.task.poll-interval", "5m"));
        int secondPort = AnotherReplica.port(secondReplica);

        Desk desk = new Desk("tenant-" + UUID.randomUUID(), kafka, jdbc, port);
        desk.bot("alpha", "ecs");
        Desk second = desk.via(secondPort);
        assertThat(second.pull("alpha", 1).statusCode()).as("the second replica answers pulls").isEqualTo(204);

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> second.pull("alpha", 9));
        Thread.sleep(1500); // the pull has looked once and is waiting
        String id = desk.create("{\"title\":\"Resize\",\"botId\":\"alpha\"}").get("id").asString();

        HttpResponse<String> pulled = waiting.get();
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(Desk.JSON.readTree(pulled.body()).get("id").asString()).isEqualTo(id);
    }
}
