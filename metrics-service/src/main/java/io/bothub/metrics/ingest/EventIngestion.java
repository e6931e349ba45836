package io.bothub.metrics.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ConsumerPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.support.messaging.EventBatches;

/**
 * The batch consumer of everything metrics are made of. Not a {@code @KafkaListener}: the platform's per-record
 * retry topics do not fit a batch, and here a failed batch is simply tried again (the database may be away; the
 * events must not be lost, so there is no giving up). On assignment each partition is sought to the offset stored
 * with the buckets, which is the one that counts.
 */
@Component
class EventIngestion implements SmartLifecycle {

    static final List<String> TOPICS = List.of(Topics.BOT_HEARTBEAT, Topics.BOT_LIFECYCLE, Topics.CALLBACK_RECEIVED,
            Topics.COMMAND_STATUS, Topics.TASK_STATUS, Topics.SESSION_LIFECYCLE, Topics.SKILL_EVENTS);
    private static final Logger log = LoggerFactory.getLogger(EventIngestion.class);

    private final ConsumerFactory<String, EventEnvelope<BotHubEvent>> consumers;
    private final BatchWriter writer;
    private final ApplicationEventPublisher events;
    private final IngestSettings settings;
    private final Timer batches;
    private final DistributionSummary batchSizes;
    private volatile ConcurrentMessageListenerContainer<String, EventEnvelope<BotHubEvent>> container;

    EventIngestion(ConsumerFactory<Object, Object> consumers, BatchWriter writer, ApplicationEventPublisher events,
            IngestSettings settings, MeterRegistry meters) {
        this.batches = Timer.builder("bothub.metrics.ingest.batch").description("time to apply one Kafka batch")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("bothub.metrics.ingest.batch.size")
                .description("records per Kafka batch").register(meters);
        this.consumers = ingestConsumers(consumers);
        this.writer = writer;
        this.events = events;
        this.settings = settings;
    }

    /**
     * The platform's consumer settings and listeners (client metrics), with {@link IngestDeserializer} behind the same
     * {@code ErrorHandlingDeserializer}: a record it refuses arrives with a null value, as before.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConsumerFactory<String, EventEnvelope<BotHubEvent>> ingestConsumers(
            ConsumerFactory<Object, Object> platform) {
        DefaultKafkaConsumerFactory<String, EventEnvelope<BotHubEvent>> factory = new DefaultKafkaConsumerFactory<>(
                platform.getConfigurationProperties(), StringDeserializer::new,
                () -> new ErrorHandlingDeserializer<>(new IngestDeserializer()));
        platform.getListeners().forEach(listener -> factory.addListener((ConsumerFactory.Listener) listener));
        platform.getPostProcessors().forEach(processor -> factory.addPostProcessor((ConsumerPostProcessor) processor));
        return factory;
    }

    private void onBatch(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        batchSizes.record(records.size());
        Tally tally = batches.record(() -> writer.write(records));
        if (tally.applied > 0 || !tally.lifecycle.isEmpty()) {
            java.util.Set<BotRef> bots = new java.util.HashSet<>();
            tally.bots().forEach(k -> bots.add(new BotRef(k.tenantId(), k.botId())));
            events.publishEvent(new BatchIngested(bots, tally.applied, tally.meters));
        }
    }

    @Override
    public void start() {
        ContainerProperties properties = new ContainerProperties(TOPICS.toArray(String[]::new));
        properties.setGroupId(settings.groupId());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener((BatchMessageListener<String, EventEnvelope<BotHubEvent>>) this::onBatch);
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                Map<TopicPartition, Long> stored = writer.storedOffsets(partitions);
                stored.forEach(consumer::seek);
            }
        });
        Properties kafka = EventBatches.fetchProperties();
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        kafka.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        kafka.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        properties.setKafkaConsumerProperties(kafka);
        ConcurrentMessageListenerContainer<String, EventEnvelope<BotHubEvent>> created =
                new ConcurrentMessageListenerContainer<>(consumers, properties);
        created.setConcurrency(settings.concurrency());
        created.setBeanName("metrics-ingest");
        DefaultErrorHandler errors = new DefaultErrorHandler(
                (record, e) -> log.error("gave up on {}", record, e), new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
        created.setCommonErrorHandler(errors);
        created.start();
        container = created;
    }

    /** Stops fetching after the current batch (for maintenance, and for the benchmark to queue a backlog). */
    void pause() {
        container.pause();
    }

    void resume() {
        container.resume();
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return container != null && container.isRunning();
    }
}
