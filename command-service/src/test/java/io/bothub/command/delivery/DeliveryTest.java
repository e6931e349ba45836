package io.bothub.command.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.command.Fleet;
import io.bothub.command.TestBots;
import io.bothub.command.TestBots.Answer;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bothub.command.backoff-base=200ms",
        "bothub.command.backoff-max=1s",
        "bothub.command.circuit.minimum-calls=2",
        "bothub.command.circuit.window=4",
        "bothub.command.circuit.open-for=1s",
        "bothub.command.delivery-timeout=2s"})
@WithRealInfrastructure
class DeliveryTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired TransitSecrets transit;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    private TestBots bots;
    private Fleet fleet;

    @BeforeEach
    void setUp() throws Exception {
        bots = new TestBots();
        fleet = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
    }

    @AfterEach
    void tearDown() {
        bots.close();
    }

    private String bot(String botId, TestBots.Script script) {
        String secret = TestBots.newSecret();
        fleet.register(botId, "ops", bots.add(botId, secret, script), secret);
        return botId;
    }

    @Test
    void aBotReceivesItsCommandsHighestPriorityFirstThenOldestFirst() {
        String bot = bot("ordered", TestBots.always(Answer.ok()));
        // Offline, so everything queues up before the first delivery.
        String low = fleet.command(bot, "send_message", "{\"text\":\"low\"}", 10);
        String highOld = fleet.command(bot, "send_message", "{\"text\":\"high-1\"}", 90);
        String mid = fleet.command(bot, "get_status", "{}", 50);
        String highNew = fleet.command(bot, "send_message", "{\"text\":\"high-2\"}", 90);
        assertThat(bots.received()).isEmpty();
        assertThat(fleet.detail(low).get("command").get("attempts").asInt()).as("an offline bot is not tried").isZero();

        fleet.status(bot, "online");
        Fleet.await("all four delivered", () -> bots.receivedBy(bot).size() == 4);

        assertThat(bots.receivedBy(bot)).extracting(TestBots.Received::commandId)
                .containsExactly(highOld, highNew, mid, low);
        assertThat(bots.receivedBy(bot)).allMatch(TestBots.Received::signatureValid);
        for (String id : List.of(low, highOld, mid, highNew)) {
            fleet.awaitStatus(id, "sent");
        }
    }

    @Test
    void aFailureInTheMiddleOfABacklogSendsTheRestBackBehindTheFailedCommandUntried() {
        // The second push fails: the backlog was taken as one window, whose rest must wait for the retry.
        String bot = bot("backlogged", (nth, body) -> nth == 2 ? Answer.status(500) : Answer.ok());
        List<String> queued = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            queued.add(fleet.command(bot, "send_message", "{\"text\":\"" + i + "\"}", 50));
        }

        fleet.status(bot, "online");
        fleet.awaitStatus(queued.getLast(), "sent");

        assertThat(bots.receivedBy(bot)).extracting(TestBots.Received::commandId)
                .containsExactly(queued.get(0), queued.get(1), queued.get(1), queued.get(2), queued.get(3));
        assertThat(queued).extracting(id -> fleet.detail(id).get("command").get("attempts").asInt())
                .as("the commands behind the failed one were not tried, so they used no attempt")
                .containsExactly(1, 2, 1, 1);
        assertThat(fleet.detail(queued.get(2)).get("attempts")).hasSize(1);
    }

    @Test
    void aScheduledCommandIsNotSentBeforeItsTime() {
        String bot = bot("scheduled", TestBots.always(Answer.ok()));
        fleet.status(bot, "online");
        Instant notBefore = Instant.now().plusSeconds(2);
        String body = "{\"botId\":\"scheduled\",\"type\":\"restart\",\"payload\":{\"delaySeconds\":5},\"notBefore\":\""
                + notBefore + "\"}";
        String id = Fleet.JSON.readTree(fleet.post("/api/v1/commands", body).body()).get("id").asString();

        Fleet.await("scheduled command delivered", () -> bots.receivedBy(bot).size() == 1, Duration.ofSeconds(20));

        assertThat(bots.receivedBy(bot).getFirst().at()).isAfterOrEqualTo(notBefore);
        assertThat(bots.receivedBy(bot).getFirst().commandId()).isEqualTo(id);
    }

    @Test
    void aCancelledCommandIsNeverSentAndASentOneCannotBeCancelled() throws Exception {
        String bot = bot("cancelling", TestBots.always(Answer.ok()));
        String cancelled = fleet.command(bot, "send_message", "{\"text\":\"never\"}", 50);
        String kept = fleet.command(bot, "send_message", "{\"text\":\"yes\"}", 50);
        assertThat(fleet.post("/api/v1/commands/" + cancelled + "/cancel", "").statusCode()).isEqualTo(200);

        fleet.status(bot, "online");
        fleet.awaitStatus(kept, "sent");
        Thread.sleep(300);

        assertThat(bots.receivedBy(bot)).extracting(TestBots.Received::commandId).containsExactly(kept);
        assertThat(fleet.statusOf(cancelled)).isEqualTo("cancelled");
        var refused = fleet.post("/api/v1/commands/" + kept + "/cancel", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("invalid-transition");
        assertThat(fleet.statusOf(kept)).isEqualTo("sent");
    }

    @Test
    void anEndpointThatFailsTwiceThenSucceedsGetsTheCommandOnceAcknowledged() {
        String bot = bot("flaky", (nth, body) -> nth <= 2 ? Answer.status(500) : Answer.acknowledged("{\"done\":true}"));
        fleet.status(bot, "online");
        String id = fleet.command(bot, "set_config", "{\"config\":{\"temperature\":0.2}}", 50);

        fleet.awaitStatus(id, "acknowledged");

        JsonNode detail = fleet.detail(id);
        assertThat(detail.get("command").get("attempts").asInt()).isEqualTo(3);
        assertThat(detail.get("command").get("result").get("done").asBoolean()).isTrue();
        List<String> outcomes = new ArrayList<>();
        detail.get("attempts").forEach(a -> outcomes.add(a.get("outcome").asString() + ":" + a.get("statusCode").asInt()));
        // Two failures in a row also open this bot's circuit (the tests' threshold), which holds the third try back.
        assertThat(outcomes).filteredOn(o -> !o.startsWith("circuit-open"))
                .containsExactly("http-error:500", "http-error:500", "delivered:200");
        // The same command each time, so the bot could tell a retry from a new command.
        assertThat(bots.receivedBy(bot)).extracting(TestBots.Received::webhookId).containsOnly(id);
    }

    @Test
    void aBotThatDoesNotAnswerWithinTheDeliveryTimeoutIsTriedAgainWithTheSameCommand() {
        // The first request is answered only after 4 s, past this test's 2 s delivery timeout.
        String bot = bot("slow", (nth, body) -> {
            if (nth == 1) {
                try {
                    Thread.sleep(4000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Answer.ok();
        });
        fleet.status(bot, "online");
        String id = fleet.command(bot, "get_status", "{}", 50);

        fleet.awaitStatus(id, "sent");

        JsonNode first = fleet.detail(id).get("attempts").get(0);
        assertThat(first.get("outcome").asString()).isEqualTo("no-response");
        assertThat(first.get("error").asString()).contains("timed out");
        assertThat(first.get("latencyMs").asLong()).as("given up at the delivery timeout, not at the answer")
                .isBetween(1900L, 3500L);
        assertThat(bots.receivedBy(bot)).extracting(TestBots.Received::webhookId).containsExactly(id, id);
    }

    @Test
    void aDeadEndpointOpensItsCircuitAndFailsAfterItsRetriesWhileOtherBotsKeepReceiving() throws Exception {
        String secret = TestBots.newSecret();
        fleet.register("dead", "ops", TestBots.deadUrl(), secret);
        fleet.status("dead", "online");
        String healthy = bot("healthy", TestBots.always(Answer.ok()));
        fleet.status(healthy, "online");

        String doomed = Fleet.JSON.readTree(fleet.post("/api/v1/commands",
                "{\"botId\":\"dead\",\"type\":\"get_status\",\"maxAttempts\":3}").body()).get("id").asString();
        List<String> flowing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flowing.add(fleet.command(healthy, "send_message", "{\"text\":\"m" + i + "\"}", 50));
        }

        Fleet.await("healthy bot got all", () -> bots.receivedBy(healthy).size() == 20);
        fleet.awaitStatus(doomed, "failed");

        JsonNode detail = fleet.detail(doomed);
        assertThat(detail.get("command").get("attempts").asInt()).isEqualTo(3);
        List<String> outcomes = new ArrayList<>();
        detail.get("attempts").forEach(a -> outcomes.add(a.get("outcome").asString()));
        assertThat(outcomes).filteredOn("no-response"::equals).hasSize(3);
        assertThat(outcomes).as("the open circuit held back attempts").contains("circuit-open");
        assertThat(detail.get("command").get("lastError").asString()).contains("ConnectException");
        assertThat(bots.receivedBy(healthy)).extracting(TestBots.Received::commandId).containsExactlyElementsOf(flowing);
    }

    @Test
    void retryAfterIsHonouredAnd410StopsPushingToThatEndpoint() {
        String bot = bot("busy", (nth, body) -> nth == 1 ? Answer.retryAfter(429, 2) : Answer.ok());
        fleet.status(bot, "online");
        String id = fleet.command(bot, "get_status", "{}", 50);
        fleet.awaitStatus(id, "sent");
        List<TestBots.Received> got = bots.receivedBy(bot);
        assertThat(got).hasSize(2);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));

        String gone = bot("retired", TestBots.always(Answer.status(410)));
        fleet.status(gone, "online");
        String first = fleet.command(gone, "get_status", "{}", 50);
        Fleet.await("410 recorded", () -> fleet.detail(first).get("attempts").size() == 1);
        String second = fleet.command(gone, "get_status", "{}", 50);
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(bots.receivedBy(gone)).hasSize(1);
        assertThat(fleet.statusOf(first)).isEqualTo("queued");
        assertThat(fleet.statusOf(second)).isEqualTo("queued");

        // The bot can still pull what waits for it, in order.
        var pulled = fleet.get("/api/v1/commands/next", "X-BotHub-Principal", "bot:retired", "X-BotHub-Scopes", "bot");
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(Fleet.JSON.readTree(pulled.body()).get("id").asString()).isEqualTo(first);
        assertThat(fleet.statusOf(first)).isEqualTo("sent");
    }
}
