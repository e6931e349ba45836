package io.bothub.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A plain Kafka consumer reading a topic from the beginning, for asserting what reached the broker. */
public final class KafkaProbe<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    private KafkaProbe(String bootstrap, String topic, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
    }

    public static KafkaProbe<byte[]> bytes(String bootstrap, String topic) {
        return new KafkaProbe<>(bootstrap, topic, new ByteArrayDeserializer());
    }

    public static <V> KafkaProbe<V> of(String bootstrap, String topic, Deserializer<V> values) {
        return new KafkaProbe<>(bootstrap, topic, values);
    }

    /** Polls until a record matches or {@code wait} passes; returns the matches seen so far. */
    public List<ConsumerRecord<String, V>> await(Predicate<ConsumerRecord<String, V>> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            if (seen.stream().anyMatch(match)) {
                break;
            }
        } while (System.nanoTime() < deadline);
        return seen.stream().filter(match).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
