package io.bothub.command.delivery;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.bothub.command.BatchingLoop;
import io.bothub.command.CommandSettings;
import io.bothub.command.queue.QueueSignal;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes deliveries the bots took in batches: whatever finished while the previous batch was being written goes
 * into the next one. One transaction per batch instead of one per command is what lets a replica record a
 * thousand deliveries a second without queueing for database connections. If a batch cannot be written, its
 * commands' leases lapse and the sweeper queues them again: a bot may get such a command twice, with the same
 * webhook-id, never not at all.
 */
@Component
class DeliveredWriter extends BatchingLoop<DeliveryRecords.Delivered> {

    private static final Logger log = LoggerFactory.getLogger(DeliveredWriter.class);

    private final DeliveryRecords records;
    private final QueueSignal signal;
    private final CommandSettings settings;
    private volatile Consumer<List<Claims.Window>> next = windows -> { };
    private volatile @Nullable String owner;
    private final MeterRegistry meters;

    DeliveredWriter(DeliveryRecords records, QueueSignal signal, CommandSettings settings, MeterRegistry meters) {
        // Two loops: one batch (its commands, attempts, events and the bots' next commands) took ~50 ms under load,
        // and one loop alone capped deliveries near 560/s with a core left idle. Batches never share a bot (a bot has
        // one command in flight), so they can be written in any order.
        super("command-delivered-writer", 500, Duration.ofSeconds(5), 2);
        this.records = records;
        this.signal = signal;
        this.settings = settings;
        this.meters = meters;
    }

    /** Where the bots' next commands, taken as their deliveries are recorded, go: the dispatcher, as {@code owner}. */
    void handNextTo(String owner, Consumer<List<Claims.Window>> dispatcher) {
        this.owner = owner;
        this.next = dispatcher;
    }

    void add(DeliveryRecords.Delivered delivered) {
        handIn(delivered);
    }

    /** Records one batch; the number recorded, 0 if it could not be. */
    @Override
    protected int write(List<DeliveryRecords.Delivered> batch) {
        long started = System.nanoTime();
        long seen = signal.generation();
        List<Claims.Window> taken;
        try {
            taken = records.delivered(batch, owner, settings.pushWindow(), settings.lease());
        } catch (RuntimeException e) {
            log.warn("could not record {} deliveries; their leases will lapse and they will be sent again: {}",
                    batch.size(), e.toString());
            return 0;
        } finally {
            meters.timer("bothub.commands.record.duration").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            meters.summary("bothub.commands.record.batch").record(batch.size());
        }
        try {
            next.accept(taken);
        } catch (RuntimeException stopping) {
            // The dispatcher is shutting down: what it was handed stays taken until its lease lapses, then is
            // queued again by a sweeper.
            log.info("{} next commands left to lapse: {}", taken.size(), stopping.toString());
        }
        // A bot freed without a next command is free again. A command queued for it while this transaction ran may
        // have been missed twice: by the dispatcher, woken for it while the bot was still in flight, and by this
        // transaction, which looked before the command was committed. Such a bot is looked at again; the others
        // (most of them, under load) need no second look, which would find nothing.
        Set<QueueSignal.Bot> freed = new LinkedHashSet<>();
        batch.stream().filter(DeliveryRecords.Delivered::freesBot)
                .forEach(d -> freed.add(new QueueSignal.Bot(d.command().tenantId(), d.command().botId())));
        taken.forEach(w -> freed.remove(new QueueSignal.Bot(w.tenantId(), w.botId())));
        signal.wakeAgainIfWokenSince(seen, freed);
        return batch.size();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
