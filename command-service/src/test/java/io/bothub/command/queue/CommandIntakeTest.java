package io.bothub.command.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.command.Fleet;
import io.bothub.command.TestBots;
import io.bothub.events.tenant.TenantConfigured;
import io.bothub.support.web.Caller;
import io.bothub.support.web.ProblemException;
import io.bothub.support.secrets.TransitSecrets;
import io.bothub.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Single-bot commands from concurrent API calls are stored together; each call must still get what it would have
 * got alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class CommandIntakeTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired TransitSecrets transit;
    @Autowired JdbcClient jdbc;
    @Autowired CommandStore store;
    @LocalServerPort int port;

    private Fleet fleet;
    private Fleet other;

    @BeforeEach
    void setUp() {
        fleet = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
        fleet.register("alpha", "support", "http://127.0.0.1:9/alpha", TestBots.newSecret());
        fleet.register("beta", "support", "http://127.0.0.1:9/beta", TestBots.newSecret());
        other = new Fleet("tenant-" + UUID.randomUUID(), kafka, transit, jdbc, port);
        other.register("alpha", "support", "http://127.0.0.1:9/alpha", TestBots.newSecret());
    }

    @Test
    void commandsStoredTogetherEachGetTheirOwnAnswerAsIfStoredAlone() {
        fleet.send(new TenantConfigured(fleet.tenant, "active", 10, 1000, 2, Instant.now()));
        Fleet.await("the quota arrives", () -> jdbc.sql("select count(*) from tenant_quota where tenant_id = :t")
                .param("t", fleet.tenant).query(Integer.class).single() == 1);

        List<CommandStore.Outcome> outcomes = store.storeEach(List.of(
                command(fleet, "alpha", null),
                command(other, "ghost", null),
                command(fleet, "beta", null),
                command(other, "alpha", "key-1"),
                command(fleet, "alpha", null),
                command(other, "alpha", "key-1")));

        assertThat(outcomes.get(0).command()).isNotNull();
        assertThat(outcomes.get(1).refusal()).as("another tenant's unknown bot: that call alone is refused")
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
        assertThat(outcomes.get(2).command()).isNotNull();
        assertThat(outcomes.get(3).command()).isNotNull();
        assertThat(outcomes.get(4).refusal()).as("the third of a quota of two")
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.getStatusCode().value()).isEqualTo(429));
        assertThat(outcomes.get(5).keyTaken()).as("the same key twice in one batch stores one command").isTrue();
        assertThat(count(fleet)).isEqualTo(2);
        assertThat(count(other)).isEqualTo(1);
        assertThat(store.storeEach(List.of(command(other, "alpha", "key-1"))).getFirst().keyTaken())
                .as("a later request with the key stores nothing").isTrue();
        assertThat(count(other)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox_event where topic = 'command.queued' "
                        + "and convert_from(payload, 'UTF8') like '%' || :id || '%'")
                .param("id", outcomes.get(3).command().id().toString()).query(Integer.class).single())
                .as("a stored command's queueing is published").isEqualTo(1);
    }

    @Test
    void aCommandTheDatabaseRefusesFailsItsOwnCallWhileTheOthersInItsBatchAreStored() throws Exception {
        // Not started: this test decides when the batch is written.
        CommandIntake intake = new CommandIntake(store, new SimpleMeterRegistry());
        CompletableFuture<CommandStore.Outcome> first = intake.submit(command(fleet, "alpha", null)).outcome();
        // Past the last year PostgreSQL keeps; the API refuses it up front, this reaches the database on purpose.
        CommandRequest tooLate = new CommandRequest("beta", null, null, "get_status",
                JsonNodeFactory.instance.objectNode(), null, Instant.parse("+300000-01-01T00:00:00Z"), null, null);
        CompletableFuture<CommandStore.Outcome> bad = intake.submit(
                new CommandStore.NewCommand(caller(fleet), tooLate, null, "hash")).outcome();
        CompletableFuture<CommandStore.Outcome> third = intake.submit(command(fleet, "beta", null)).outcome();

        assertThat(intake.writeOnce()).isEqualTo(3);

        assertThat(first.get().command()).isNotNull();
        assertThat(bad).isCompletedExceptionally();
        assertThat(third.get().command()).isNotNull();
        assertThat(count(fleet)).isEqualTo(2);
    }

    @Test
    void concurrentCallsWithOneIdempotencyKeyCreateOneCommandAndAllGetIt() throws Exception {
        String body = "{\"botId\":\"alpha\",\"type\":\"restart\",\"payload\":{\"reason\":\"upgrade\"}}";
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                boolean keyed = i % 4 == 0;
                calls.add(clients.submit(() -> keyed ? fleet.post("/api/v1/commands", body, "Idempotency-Key", "restart-7")
                        : fleet.post("/api/v1/commands", body)));
            }
        }
        Set<String> keyedIds = new java.util.HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> response = calls.get(i).get();
            assertThat(response.statusCode()).isIn(200, 201);
            if (i % 4 == 0) {
                keyedIds.add(Fleet.JSON.readTree(response.body()).get("id").asString());
            }
        }
        assertThat(keyedIds).as("every call with the key got the one command").hasSize(1);
        assertThat(count(fleet)).as("30 without a key, one for the ten with it").isEqualTo(31);
    }

    private int count(Fleet tenant) {
        return jdbc.sql("select count(*) from command where tenant_id = :t").param("t", tenant.tenant)
                .query(Integer.class).single();
    }

    private static CommandStore.NewCommand command(Fleet tenant, String botId, String key) {
        CommandRequest request = new CommandRequest(botId, null, null, "get_status",
                JsonNodeFactory.instance.objectNode(), null, null, null, null);
        return new CommandStore.NewCommand(caller(tenant), request, key, "hash-" + botId);
    }

    private static Caller caller(Fleet tenant) {
        return new Caller(tenant.tenant, "user:operator", Set.of("commands"));
    }
}
