package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.events.BotHubEvent;
import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.metrics.Tenant;
import io.bothub.testsupport.WithRealInfrastructure;

/**
 * Through the live consumer: records that are not valid events are skipped without stopping ingestion, and
 * valid events in shapes BotHub itself does not write (times with an offset) are counted like any other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class UnreadableRecordTest {

    @Autowired JdbcClient jdbc;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final CloudEventsKafkaCodec codec = new CloudEventsKafkaCodec();
    private final String tenant = "tenant-" + UUID.randomUUID();

    @Test
    void unreadableRecordsAreSkippedAndOddButValidOnesCounted() throws Exception {
        Instant at = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, heartbeat(at), Map.of(), null);
            send(producer, heartbeat(at), Map.of(), "{not json");
            send(producer, heartbeat(at), Map.of(CloudEventsKafkaCodec.H_TIME, "yesterday"), null);
            send(producer, heartbeat(at), Map.of(CloudEventsKafkaCodec.H_TIME, "2026-02-30T10:15:30Z"), null);
            send(producer, heartbeat(at), Map.of(CloudEventsKafkaCodec.H_SPEC_VERSION, "0.3"), null);
            producer.send(new ProducerRecord<>(Topics.BOT_HEARTBEAT, "u1", codec.value(heartbeat(at)))).get();
            String offsetTime = at.atOffset(ZoneOffset.ofHours(2)).toString();
            String withOffset = new String(codec.value(heartbeat(at)), StandardCharsets.UTF_8)
                    .replace('"' + at.toString() + '"', '"' + offsetTime + '"');
            send(producer, heartbeat(at), Map.of(CloudEventsKafkaCodec.H_TIME, offsetTime), withOffset);
            send(producer, heartbeat(at), Map.of(), null);
        }

        // One partition per key, in order: once the last one is counted, every record before it was handled.
        Tenant.await("the last heartbeat counted", () -> heartbeatsCounted() >= 3);
        assertThat(heartbeatsCounted()).isEqualTo(3);
        assertThat(jdbc.sql("select last_heartbeat_at from bot where tenant_id = :t and bot_id = 'u1'")
                .param("t", tenant).query(java.sql.Timestamp.class).single().toInstant())
                .isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private EventEnvelope<BotHubEvent> heartbeat(Instant at) {
        return EventEnvelope.of(URI.create("/bothub/test"), tenant, null,
                new BotHeartbeat("u1", "online", 0.5, 0, 1, null, null, "1.0", at));
    }

    private void send(KafkaProducer<String, byte[]> producer, EventEnvelope<BotHubEvent> event,
            Map<String, String> changedHeaders, String value) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BOT_HEARTBEAT, "u1",
                value == null ? codec.value(event) : value.getBytes(StandardCharsets.UTF_8));
        codec.headers(event).forEach((name, raw) -> record.headers().add(name,
                changedHeaders.containsKey(name) ? changedHeaders.get(name).getBytes(StandardCharsets.UTF_8) : raw));
        producer.send(record).get();
    }

    private long heartbeatsCounted() {
        return jdbc.sql("select coalesce(sum(heartbeats), 0) from bot_minute where tenant_id = :t and bot_id = 'u1'")
                .param("t", tenant).query(Long.class).single();
    }
}
