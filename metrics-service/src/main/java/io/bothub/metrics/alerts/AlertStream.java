package io.bothub.metrics.alerts;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;

/**
 * The live alert stream for dashboards (server-sent events). Every replica reads all of metrics.alerts in a
 * consumer group of its own, from the newest record on, so a client connected to any replica sees every alert of
 * its tenant, whichever replica raised it. Events are named {@code alert-raised} and {@code alert-resolved}, with
 * the webhook body as data; a comment every 15 s keeps idle connections open through proxies.
 */
@Component
class AlertStream implements SmartLifecycle {

    private final ConsumerFactory<Object, Object> consumers;
    private final Map<String, Set<SseEmitter>> byTenant = new ConcurrentHashMap<>();
    private volatile ConcurrentMessageListenerContainer<Object, Object> container;
    private volatile boolean assigned;

    AlertStream(ConsumerFactory<Object, Object> consumers) {
        this.consumers = consumers;
    }

    SseEmitter connect(String tenantId) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Set<SseEmitter> emitters = byTenant.computeIfAbsent(tenantId, t -> new CopyOnWriteArraySet<>());
        emitters.add(emitter);
        Runnable remove = () -> emitters.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    /** Whether this replica's reader has its partitions: alerts published from now on reach its clients. */
    boolean listening() {
        return assigned;
    }

    private void onRecord(ConsumerRecord<Object, Object> record) {
        if (!(record.value() instanceof EventEnvelope<?> event)) {
            return;
        }
        Set<SseEmitter> emitters = byTenant.get(event.tenantId());
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        String name = event.type().startsWith("io.bothub.metrics.alert-raised") ? "alert-raised" : "alert-resolved";
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().id(event.id()).name(name)
                        .data(AlertWebhooks.body(event), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    @Scheduled(fixedDelay = 15_000)
    void keepAlive() {
        byTenant.values().forEach(emitters -> emitters.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }));
    }

    @Override
    public void start() {
        ContainerProperties properties = new ContainerProperties(Topics.ALERTS);
        properties.setGroupId("metrics-service-live-" + UUID.randomUUID());
        properties.setMessageListener((MessageListener<Object, Object>) this::onRecord);
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                    java.util.Collection<TopicPartition> partitions) {
                // Position now, so "latest" means the moment of assignment, not of the first poll.
                partitions.forEach(consumer::position);
                assigned = true;
            }
        });
        Properties kafka = new Properties();
        kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setKafkaConsumerProperties(kafka);
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        ConcurrentMessageListenerContainer<Object, Object> created = new ConcurrentMessageListenerContainer<>(consumers, properties);
        created.setBeanName("metrics-alert-stream");
        created.start();
        container = created;
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        byTenant.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
    }

    @Override
    public boolean isRunning() {
        return container != null && container.isRunning();
    }

    List<String> tenants() {
        return List.copyOf(byTenant.keySet());
    }
}
