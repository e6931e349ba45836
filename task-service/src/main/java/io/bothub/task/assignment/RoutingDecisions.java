package io.bothub.task.assignment;

import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.task.TaskRouted;
import io.bothub.support.inbox.IdempotentConsumer;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.Transitions;

/**
 * Applies routing-service's choice of bot (the platform's one assignment decision) to a task still waiting for a
 * bot. A decision for a task that is no longer pending (assigned meanwhile, cancelled, expired) changes nothing,
 * and a redelivered decision is applied once.
 */
@Component
class RoutingDecisions {

    static final String CONSUMER = "task-routing-decisions";
    private static final Logger log = LoggerFactory.getLogger(RoutingDecisions.class);

    private final IdempotentConsumer idempotent;
    private final Transitions transitions;

    RoutingDecisions(IdempotentConsumer idempotent, Transitions transitions) {
        this.idempotent = idempotent;
        this.transitions = transitions;
    }

    // Decisions for different tasks are independent: several consumers share task.routing's partitions.
    @KafkaListener(topics = Topics.TASK_ROUTING, concurrency = "${bothub.task.routing-consumers:3}")
    void on(EventEnvelope<BotHubEvent> event) {
        if (!(event.data() instanceof TaskRouted routed)) {
            return;
        }
        UUID taskId;
        try {
            taskId = UUID.fromString(routed.taskId());
        } catch (IllegalArgumentException notOurs) {
            log.warn("ignoring a routing decision for task id '{}', which task-service never issued", routed.taskId());
            return;
        }
        idempotent.apply(CONSUMER, event, e -> {
            boolean applied = transitions.move(e.tenantId(), taskId, Set.of(Task.PENDING),
                    Transitions.Change.to(Task.ASSIGNED, "routed", "routing-service").withBot(routed.botId())).isPresent();
            if (!applied) {
                log.debug("routing decision for task {} ignored: it is no longer pending", taskId);
            }
        });
    }
}
