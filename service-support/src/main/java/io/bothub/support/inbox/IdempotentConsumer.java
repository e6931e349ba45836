package io.bothub.support.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;

/**
 * Applies an event at most once per consumer. The event id is recorded in the same transaction as the effect,
 * so a redelivered event (after a rebalance, a crash before the offset commit, or a producer retry) changes
 * nothing, while a failed attempt rolls back both and can be retried.
 */
public class IdempotentConsumer {

    private final ProcessedEvents processed;
    private final TransactionTemplate transactions;

    public IdempotentConsumer(ProcessedEvents processed, TransactionTemplate transactions) {
        this.processed = processed;
        this.transactions = transactions;
    }

    /**
     * Runs {@code effect} for {@code event} unless {@code consumer} has applied it already.
     *
     * @param consumer a stable name for the effect, for example {@code fleet-view}
     * @return true if the effect ran, false if the event was a duplicate
     */
    public <T extends BotHubEvent> boolean apply(String consumer, EventEnvelope<T> event,
            Consumer<EventEnvelope<T>> effect) {
        Boolean applied = transactions.execute(status -> {
            if (!processed.claim(consumer, event.id())) {
                return false;
            }
            effect.accept(event);
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    /**
     * Runs {@code effect} once, in one transaction, for the events of {@code events} that {@code consumer} has not
     * applied yet (each id once, in order): a batch listener's way of applying a poll for the cost of one event.
     */
    public <T extends BotHubEvent> void applyAll(String consumer, List<EventEnvelope<T>> events,
            Consumer<List<EventEnvelope<T>>> effect) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            Set<String> claimed = processed.claimAll(consumer, events.stream().map(EventEnvelope::id).toList());
            List<EventEnvelope<T>> fresh = new ArrayList<>(claimed.size());
            for (EventEnvelope<T> event : events) {
                if (claimed.remove(event.id())) {
                    fresh.add(event);
                }
            }
            if (!fresh.isEmpty()) {
                effect.accept(fresh);
            }
        });
    }
}
