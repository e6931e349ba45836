package io.bothub.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.support.inbox.IdempotentConsumer;

/**
 * A consumer as a service would write one: callbacks become notes, applied once per event. A callback whose
 * event type is {@code poison} always fails, to exercise retries and dead-lettering.
 */
@Component
class DemoNotes {

    final List<String> deliveries = new CopyOnWriteArrayList<>();
    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;

    DemoNotes(IdempotentConsumer idempotent, JdbcClient jdbc) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = Topics.CALLBACK_RECEIVED)
    void on(EventEnvelope<BotHubEvent> event) {
        if (!(event.data() instanceof CallbackReceived callback)) {
            return;
        }
        deliveries.add(callback.callbackId());
        if ("poison".equals(callback.eventType())) {
            throw new IllegalStateException("cannot handle " + callback.callbackId());
        }
        idempotent.apply("demo-notes", event, e -> jdbc.sql("""
                insert into demo_note (id, body) values (:id, :body)
                on conflict (id) do update set applied = demo_note.applied + 1
                """).param("id", callback.callbackId()).param("body", String.valueOf(callback.payload())).update());
    }

    int timesApplied(String id) {
        return jdbc.sql("select coalesce(max(applied), 0) from demo_note where id = :id").param("id", id)
                .query(Integer.class).single();
    }

    long deliveriesOf(String id) {
        return deliveries.stream().filter(id::equals).count();
    }
}
