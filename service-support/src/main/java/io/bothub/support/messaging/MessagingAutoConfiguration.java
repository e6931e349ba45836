package io.bothub.support.messaging;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafkaRetryTopic;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.kafka.retrytopic.SameIntervalTopicReuseStrategy;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.EventFormatException;
import io.bothub.events.Topics;
import io.bothub.support.ServiceIdentity;

/**
 * Kafka wiring every service shares. A listener that throws gets its record retried through this service's
 * retry topic after a fixed delay (non-blocking: later records of the partition keep flowing), and after
 * {@link Topics#DELIVERY_ATTEMPTS} attempts the record lands on this service's dead-letter topic. A record that
 * cannot be read as an event at all skips the retries.
 *
 * <p>One retry topic per listener, not one per attempt, and no consumer on the dead-letter topic: each retry or
 * dead-letter topic is a consumer of its own that polls the broker all the time, and with one per attempt (an
 * exponential backoff needs a topic per delay) the platform's ~20 listeners were ~100 consumers, which kept the
 * broker and every service busy while nothing happened (0.5 of the 2 cores of the machine the platform was measured
 * on). Dead letters wait on their topic for an operator (README, "Dead letters").
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableKafkaRetryTopic
@EnableConfigurationProperties(MessagingSettings.class)
public class MessagingAutoConfiguration {

    /** A record that cannot be read as an event fails the same way every time: straight to the dead-letter topic. */
    private static final List<Class<? extends Throwable>> NOT_RETRYABLE =
            List.of(EventFormatException.class, DeserializationException.class);

    @Bean
    ServiceIdentity serviceIdentity(@Value("${spring.application.name}") String name) {
        return new ServiceIdentity(name);
    }

    @Bean
    CloudEventsKafkaCodec cloudEventsKafkaCodec() {
        return new CloudEventsKafkaCodec();
    }

    @Bean
    TelemetryPublisher telemetryPublisher(KafkaTemplate<String, Object> kafka, ServiceIdentity service) {
        return new TelemetryPublisher(kafka, service);
    }

    /** Wakes retry-topic consumers when a record's back-off has passed; its own scheduler, not the app's. */
    @Bean(destroyMethod = "")
    RetryTopicSchedulerWrapper retryTopicScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("kafka-retry-");
        scheduler.setPoolSize(1);
        scheduler.initialize();
        return new RetryTopicSchedulerWrapper(scheduler);
    }

    /**
     * The container factory of listeners that take a whole poll at once ({@link EventBatches}): a record that fails
     * is tried again in place ({@link Topics#DELIVERY_ATTEMPTS} attempts, the records before it committed), then
     * goes to the same dead-letter topic a per-record listener's would. Retry topics do not work with batches.
     */
    @Bean(EventBatches.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchEvents(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            KafkaTemplate<String, Object> kafka, ServiceIdentity service, MessagingSettings settings) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.getContainerProperties().setKafkaConsumerProperties(EventBatches.fetchProperties());
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(Topics.spec(record.topic()).deadLetterTopic(service.name()), -1));
        DefaultErrorHandler errors = new DefaultErrorHandler(deadLetters,
                new FixedBackOff(settings.retryDelay().toMillis(), Topics.DELIVERY_ATTEMPTS - 1));
        NOT_RETRYABLE.forEach(type -> errors.addNotRetryableExceptions(type.asSubclass(Exception.class)));
        factory.setCommonErrorHandler(errors);
        return factory;
    }

    @Bean
    RetryTopicConfiguration retryThenDeadLetter(KafkaTemplate<String, Object> kafka, ServiceIdentity service,
            MessagingSettings settings) {
        return RetryTopicConfigurationBuilder.newInstance()
                .excludeTopics(settings.batchTopics())
                .maxAttempts(Topics.DELIVERY_ATTEMPTS)
                .fixedBackOff(settings.retryDelay().toMillis())
                .sameIntervalTopicReuseStrategy(SameIntervalTopicReuseStrategy.SINGLE_TOPIC)
                .retryTopicSuffix("." + service.name() + Topics.RETRY_SUFFIX)
                .dltSuffix("." + service.name() + Topics.DEAD_LETTER_SUFFIX)
                .autoStartDltHandler(false)
                .notRetryOn(NOT_RETRYABLE)
                .traversingCauses()
                .doNotRetryOnDltFailure()
                .autoCreateTopics(settings.createTopics(), settings.retryPartitions(), settings.replicationFactor())
                .create(kafka);
    }

    @Bean
    @ConditionalOnProperty(name = "bothub.messaging.create-topics", matchIfMissing = true)
    KafkaAdmin.NewTopics declaredTopics(MessagingSettings settings) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(spec -> TopicBuilder.name(spec.name())
                        .partitions(spec.partitions())
                        .replicas(settings.replicationFactor())
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()))
                        .build())
                .toArray(NewTopic[]::new));
    }
}
