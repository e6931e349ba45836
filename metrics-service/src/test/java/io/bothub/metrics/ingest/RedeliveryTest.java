package io.bothub.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.testsupport.WithRealInfrastructure;

/**
 * A batch Kafka delivers again (after a rebalance, or a crash between the database commit and Kafka's offset
 * commit) changes nothing: the offsets stored with the buckets say what was applied. The records here are on a
 * topic of their own, written straight to the writer, so the live consumer's offsets are not involved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class RedeliveryTest {

    @Autowired BatchWriter writer;
    @Autowired JdbcClient jdbc;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String topic = "test.redelivery." + UUID.randomUUID();

    @Test
    void aRedeliveredOrOverlappingBatchIsCountedOnce() {
        Instant at = Instant.now();
        writer.write(heartbeats(0, 5, at));
        assertThat(heartbeatsCounted()).isEqualTo(5);

        writer.write(heartbeats(3, 8, at)); // 3 and 4 again, then 5, 6, 7
        assertThat(heartbeatsCounted()).isEqualTo(8);

        writer.write(heartbeats(0, 8, at)); // the whole lot again
        assertThat(heartbeatsCounted()).isEqualTo(8);
        assertThat(jdbc.sql("select heartbeats from bot_hour where tenant_id = :t and bot_id = 'r1'")
                .param("t", tenant).query(Long.class).single()).isEqualTo(8);

        assertThat(writer.storedOffsets(List.of(new TopicPartition(topic, 0))))
                .isEqualTo(Map.of(new TopicPartition(topic, 0), 8L));
    }

    private long heartbeatsCounted() {
        return jdbc.sql("select coalesce(sum(heartbeats), 0) from bot_minute where tenant_id = :t and bot_id = 'r1'")
                .param("t", tenant).query(Long.class).single();
    }

    private List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> heartbeats(int from, int to, Instant at) {
        List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records = new ArrayList<>();
        for (int offset = from; offset < to; offset++) {
            EventEnvelope<BotHubEvent> event = new EventEnvelope<>("hb-" + tenant + "-" + offset, URI.create("/test"),
                    "io.bothub.bot.heartbeat.v1", at, tenant, "c",
                    new BotHeartbeat("r1", "online", 0.1, 0, 1, null, null, null, at));
            records.add(new ConsumerRecord<>(topic, 0, offset, "r1", event));
        }
        return records;
    }
}
