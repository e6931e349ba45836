package io.bothub.command.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.command.Fleet;
import io.bothub.command.TestBots;
import io.bothub.command.TestBots.Answer;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.WithRealInfrastructure;

/** Its own context (and database), so the "dying replica" below takes only this test's commands. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bothub.command.sweep-interval=200ms")
@WithRealInfrastructure
class DispatcherCrashTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired TransitSecrets transit;
    @Autowired JdbcClient jdbc;
    @Autowired Claims claims;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;

    @Test
    void commandsTakenByAReplicaThatDiesMidDispatchAreDeliveredByAnotherOnceAndInOrder() throws Exception {
        try (TestBots bots = new TestBots()) {
            Fleet fleet = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
            String secret = TestBots.newSecret();
            fleet.register("survivor", "ops", bots.add("survivor", secret, TestBots.always(Answer.ok())), secret);
            String first = fleet.command("survivor", "get_status", "{}", 50);
            String second = fleet.command("survivor", "get_status", "{}", 50);
            String urgent = fleet.command("survivor", "get_status", "{}", 90);

            // Another replica takes the bot's commands as the bot comes online, in one transaction so this replica's
            // dispatcher cannot get there first, and then dies: it never sends and never records anything.
            List<Claims.Window> taken = transactions.execute(tx -> {
                jdbc.sql("update bot_endpoint set status = 'online' where tenant_id = :t").param("t", fleet.tenant).update();
                return claims.takeForPush("replica-that-dies", 10, 10, Duration.ofSeconds(2));
            });
            assertThat(taken).as("one window, in the order the commands are to leave").hasSize(1);
            assertThat(taken.getFirst().claims()).extracting(c -> c.command().id().toString())
                    .containsExactly(urgent, first, second);
            assertThat(fleet.statusOf(first)).isEqualTo("sending");
            Thread.sleep(500);
            assertThat(bots.received()).as("held by the dead replica's lease").isEmpty();

            fleet.awaitStatus(second, "sent");

            assertThat(bots.receivedBy("survivor")).extracting(TestBots.Received::commandId)
                    .containsExactly(urgent, first, second);
            for (String id : List.of(urgent, first, second)) {
                assertThat(fleet.detail(id).get("command").get("attempts").asInt())
                        .as("the dead replica's take counts as an attempt: it may have reached the bot").isEqualTo(2);
            }
        }
    }
}
