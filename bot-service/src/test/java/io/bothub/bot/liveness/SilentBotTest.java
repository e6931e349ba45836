package io.bothub.bot.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.bot.BotHttp;
import io.bothub.bot.BotServiceApplication;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.testsupport.AnotherReplica;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;

/** Two bot-service replicas share one database and one Redis, as in production, and both sweep. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bothub.heartbeat.missed-beats=2", "bothub.heartbeat.sweep-interval=100ms"})
@WithRealInfrastructure
class SilentBotTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @Autowired LiveFleet fleet;
    @Autowired LivenessSweeper sweeper;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private ConfigurableApplicationContext secondReplica;

    @AfterEach
    void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    @Test
    void aSilentBotGoesOfflineExactlyOnceWithTwoReplicasSweeping() throws Exception {
        secondReplica = AnotherReplica.start(BotServiceApplication.class, environment,
                Map.of("bothub.heartbeat.missed-beats", "2", "bothub.heartbeat.sweep-interval", "100ms"));
        int secondPort = AnotherReplica.port(secondReplica);
        String tenant = "tenant-" + UUID.randomUUID();

        String key = new BotHttp(port).register(tenant, "{\"botId\":\"quiet\",\"name\":\"Quiet\",\"heartbeatIntervalSeconds\":1}");
        assertThat(new BotHttp(secondPort).heartbeat(key, "{}").statusCode()).isEqualTo(200);
        assertThat(new BotHttp(port).heartbeat(key, "{}").statusCode()).isEqualTo(200);

        // Silent for two intervals, then both replicas sweep many times over.
        awaitStatus(tenant, "offline", Duration.ofSeconds(15));
        Thread.sleep(1500);

        assertThat(jdbc.sql("select old_status || '>' || new_status || ' ' || reason from bot_status_history "
                + "where tenant_id = :t order by id").param("t", tenant).query(String.class).list())
                .containsExactly("offline>online heartbeat", "online>offline heartbeat-timeout");
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.BOT_LIFECYCLE)) {
            var offline = probe.await(r -> "quiet".equals(r.key())
                    && tenant.equals(header(r, CloudEventsKafkaCodec.H_TENANT_ID))
                    && new String(r.value()).contains("\"newStatus\":\"offline\""), Duration.ofSeconds(10));
            assertThat(offline).hasSize(1);
        }
    }

    @Test
    void anOfflineChangeTakenByAReplicaThatDiedBeforeStoringItIsStoredByAnother() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String key = new BotHttp(port).register(tenant, "{\"botId\":\"orphan\",\"name\":\"Orphan\",\"heartbeatIntervalSeconds\":1}");
        // Take the bot out of the sweepers' reach so only the "dying replica" below can take it.
        sweeper.stop();
        try {
            new BotHttp(port).heartbeat(key, "{}");
            Thread.sleep(2500);
            // A replica takes the silent bot, then dies before storing the change: no apply, no acknowledge.
            assertThat(fleet.expire(java.time.Instant.now(), 100, Duration.ofMillis(500)))
                    .anySatisfy(t -> assertThat(t.bot().botId()).isEqualTo("orphan"));
            assertThat(jdbc.sql("select status from bot where tenant_id = :t").param("t", tenant).query(String.class).single())
                    .isEqualTo("online");
        } finally {
            sweeper.start();
        }

        awaitStatus(tenant, "offline", Duration.ofSeconds(10));
        Thread.sleep(1000);
        assertThat(jdbc.sql("select count(*) from bot_status_history where tenant_id = :t and new_status = 'offline'")
                .param("t", tenant).query(Integer.class).single()).isEqualTo(1);
    }

    private void awaitStatus(String tenant, String status, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (status.equals(jdbc.sql("select status from bot where tenant_id = :t").param("t", tenant)
                    .query(String.class).single())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("bot never became " + status);
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}
