package io.bothub.bot.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.bot.BotHttp;
import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.command.CommandQueued;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class HeartbeatTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired org.redisson.api.RedissonClient redis;
    @Autowired io.bothub.support.redis.RedisSettings redisSettings;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theFirstBeatBringsABotOnlineAndLaterBeatsWriteNothingToPostgres() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"beater\",\"name\":\"Beater\"}");

        HttpResponse<String> first = bots.heartbeat(key, "{\"currentLoad\":0.2,\"activeSessions\":3,\"cpuPercent\":12.5}");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"online\"").contains("\"nextHeartbeatInSeconds\":30");
        assertThat(status("beater")).isEqualTo("online");
        String afterFirst = rowState("beater");

        for (int i = 0; i < 5; i++) {
            assertThat(bots.heartbeat(key, "{\"currentLoad\":0.3}").statusCode()).isEqualTo(200);
        }

        assertThat(rowState("beater")).as("steady beats change no row").isEqualTo(afterFirst);
        assertThat(historyOf("beater")).isEqualTo(1);

        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.BOT_HEARTBEAT)) {
            assertThat(probe.await(r -> "beater".equals(r.key()) && new String(r.value()).contains("\"activeSessions\":3"),
                    Duration.ofSeconds(20))).hasSize(1);
        }
    }

    @Test
    void aCommandLeavingTheQueueReadBeforeItsQueueingStillEndsAtTheRightCount() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"early\",\"name\":\"Early\"}");
        Instant now = Instant.now();
        // The two topics are read independently: here the status change is surely read first.
        kafka.send(Topics.COMMAND_STATUS, "early", EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                (BotHubEvent) new CommandStatusChanged("e-1", "early", "get_status", null, "queued", "sent", 1, "pulled",
                        Map.of(), now))).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (redis.getMap(pendingKey(), org.redisson.client.codec.StringCodec.INSTANCE).get("early") == null) {
            assertThat(System.nanoTime()).as("the status change is counted").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(json.readTree(bots.heartbeat(key, "{}").body()).get("pendingCommands").asInt()).isZero();
        for (String id : List.of("e-1", "e-2")) {
            kafka.send(Topics.COMMAND_QUEUED, "early", EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                    (BotHubEvent) new CommandQueued(id, "early", "get_status", 50, null, null, now))).get();
        }

        int pending;
        do {
            Thread.sleep(100);
            pending = json.readTree(bots.heartbeat(key, "{}").body()).get("pendingCommands").asInt();
        } while (pending != 1 && System.nanoTime() < deadline);
        Thread.sleep(500);
        assertThat(json.readTree(bots.heartbeat(key, "{}").body()).get("pendingCommands").asInt())
                .as("two queued, one of them already taken").isEqualTo(1);
    }

    @Test
    void aDeletedTenantsLiveFleetLeavesRedis() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"doomed\",\"name\":\"Doomed\"}");
        assertThat(bots.heartbeat(key, "{\"currentLoad\":0.5}").statusCode()).isEqualTo(200);
        kafka.send(Topics.COMMAND_QUEUED, "doomed", EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                (BotHubEvent) new CommandQueued("d-1", "doomed", "get_status", 50, null, null, Instant.now()))).get();
        String member = tenant + "/doomed";
        var deadlines = redis.getScoredSortedSet(redisSettings.key("bot:deadlines"), org.redisson.client.codec.StringCodec.INSTANCE);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (redis.getKeys().countExists(pendingKey(), redisSettings.key("bot:live:" + member)) < 2) {
            assertThat(System.nanoTime()).as("the live state and pending work written").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(deadlines.contains(member)).isTrue();

        kafka.send(Topics.TENANT_LIFECYCLE, tenant, EventEnvelope.of(URI.create("/bothub/tenant-service"), tenant, null,
                (BotHubEvent) new io.bothub.events.tenant.TenantDeleted(tenant, "user:admin", Instant.now()))).get();
        // The deadline goes first and the keys right after it, in the same handler: wait for all of them.
        while (deadlines.contains(member)
                || redis.getKeys().countExists(redisSettings.key("bot:live:" + member), pendingKey()) > 0) {
            assertThat(System.nanoTime()).as("the deadline, the live state and the pending work removed")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String pendingKey() {
        return redisSettings.key("bot:pending-work:" + tenant);
    }

    @Test
    void theHeartbeatAnswerCountsCommandsWaitingForTheBotOncePerEvent() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"puller\",\"name\":\"Puller\"}");
        Instant now = Instant.now();
        var first = EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                (io.bothub.events.BotHubEvent) new CommandQueued("c-1", "puller", "get_status", 50, null, null, now));
        var second = EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                (io.bothub.events.BotHubEvent) new CommandQueued("c-2", "puller", "get_status", 50, null, null, now));
        var sent = EventEnvelope.of(URI.create("/bothub/command-service"), tenant, null,
                (io.bothub.events.BotHubEvent) new CommandStatusChanged("c-1", "puller", "get_status", null,
                        "queued", "sent", 1, "pulled", Map.of(), now));
        for (var event : List.of(first, second, sent, sent, first)) {
            kafka.send(event.topic(), event.key(), event).get();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int pending;
        do {
            Thread.sleep(100);
            pending = json.readTree(bots.heartbeat(key, "{}").body()).get("pendingCommands").asInt();
        } while (pending != 1 && System.nanoTime() < deadline);
        assertThat(pending).as("two queued, one taken; redelivered events counted once").isEqualTo(1);
        Thread.sleep(500);
        assertThat(json.readTree(bots.heartbeat(key, "{}").body()).get("pendingCommands").asInt()).isEqualTo(1);
        long seenFor = redis.getBucket(redisSettings.key("bot:pending-work:seen:" + first.id())).remainTimeToLive();
        assertThat(seenFor).as("a counted event's id is remembered for bothub.heartbeat.pending-work-seen-for (1 h)")
                .isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
    }

    @Test
    void aBusyReportIsAStatusChangeKeptInHistory() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"worker\",\"name\":\"Worker\"}");

        bots.heartbeat(key, "{}");
        bots.heartbeat(key, "{\"status\":\"busy\"}");

        assertThat(status("worker")).isEqualTo("busy");
        assertThat(jdbc.sql("select old_status || '>' || new_status from bot_status_history where tenant_id = :t "
                + "and bot_id = 'worker' order by id").param("t", tenant).query(String.class).list())
                .containsExactly("offline>online", "online>busy");
    }

    @Test
    void aBeatWithoutAValidKeyIsRefusedAndChangesNothing() throws Exception {
        BotHttp bots = new BotHttp(port);
        bots.register(tenant, "{\"botId\":\"guarded\",\"name\":\"Guarded\"}");

        HttpResponse<String> noKey = bots.heartbeat(null, "{}");
        HttpResponse<String> wrongKey = bots.heartbeat("bh_bot_" + "x".repeat(43), "{}");

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("unauthenticated").contains("\"requestId\"");
        assertThat(status("guarded")).isEqualTo("offline");
    }

    @Test
    void anOutOfRangeReportIsRefusedWithTheFieldNamed() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"sloppy\",\"name\":\"Sloppy\"}");

        HttpResponse<String> response = bots.heartbeat(key, "{\"currentLoad\":2.5,\"status\":\"sleeping\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("currentLoad").contains("status");
        assertThat(status("sloppy")).isEqualTo("offline");
    }

    @Test
    void beatsKeepWorkingAfterRedisForgetsItsScripts() throws Exception {
        BotHttp bots = new BotHttp(port);
        String key = bots.register(tenant, "{\"botId\":\"survivor\",\"name\":\"Survivor\"}");
        assertThat(bots.heartbeat(key, "{}").statusCode()).isEqualTo(200);

        redis.getScript().scriptFlush();

        assertThat(bots.heartbeat(key, "{\"status\":\"busy\"}").statusCode()).isEqualTo(200);
        assertThat(status("survivor")).isEqualTo("busy");
    }

    private String status(String botId) {
        return jdbc.sql("select status from bot where tenant_id = :t and bot_id = :b").param("t", tenant)
                .param("b", botId).query(String.class).single();
    }

    private String rowState(String botId) {
        return jdbc.sql("select status || ':' || status_version || ':' || xmin::text from bot where tenant_id = :t and bot_id = :b")
                .param("t", tenant).param("b", botId).query(String.class).single();
    }

    private int historyOf(String botId) {
        return jdbc.sql("select count(*) from bot_status_history where tenant_id = :t and bot_id = :b")
                .param("t", tenant).param("b", botId).query(Integer.class).single();
    }
}
