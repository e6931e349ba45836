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

/** Its own context (and database), so the "dying replica" below takes only this test's command. */
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
    void aCommandTakenByAReplicaThatDiesMidDispatchIsDeliveredByAnotherOnce() throws Exception {
        try (TestBots bots = new TestBots()) {
            Fleet fleet = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
            String secret = TestBots.newSecret();
            fleet.register("survivor", "ops", bots.add("survivor", secret, TestBots.always(Answer.ok())), secret);
            String id = fleet.command("survivor", "get_status", "{}", 50);

            // Another replica takes the command as the bot comes online, in one transaction so this replica's
            // dispatcher cannot get there first, and then dies: it never sends and never records anything.
            List<Claims.Claim> taken = transactions.execute(tx -> {
                jdbc.sql("update bot_endpoint set status = 'online' where tenant_id = :t").param("t", fleet.tenant).update();
                return claims.takeForPush("replica-that-dies", 10, Duration.ofSeconds(2));
            });
            assertThat(taken).extracting(c -> c.command().id().toString()).containsExactly(id);
            assertThat(fleet.statusOf(id)).isEqualTo("sending");
            Thread.sleep(500);
            assertThat(bots.received()).as("held by the dead replica's lease").isEmpty();

            fleet.awaitStatus(id, "sent");

            assertThat(bots.receivedBy("survivor")).extracting(TestBots.Received::commandId).containsExactly(id);
            assertThat(fleet.detail(id).get("command").get("attempts").asInt())
                    .as("the dead replica's take counts as an attempt: it may have reached the bot").isEqualTo(2);
        }
    }
}
