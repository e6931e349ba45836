package io.bothub.command.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores single-bot commands from concurrent API calls together: whatever arrived while the previous batch was
 * being written goes into the next, in one transaction. A thousand calls a second then cost the database tens of
 * transactions, not a thousand, each with its own commit. A caller waits for its own command's outcome, which is
 * the same as if it had been stored alone (see {@link CommandStore#storeEach}); if a batch cannot be written, each
 * of its commands is tried again on its own, so one bad command fails only its own call.
 */
@Component
class CommandIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);
    private static final int MAX_BATCH = 200;

    private record Waiting(CommandStore.NewCommand command, CompletableFuture<CommandStore.Outcome> outcome) {
    }

    private final CommandStore store;
    private final DistributionSummary batchSizes;
    private final LinkedBlockingQueue<Waiting> pending = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private @Nullable Thread loop;

    CommandIntake(CommandStore store, MeterRegistry meters) {
        this.store = store;
        this.batchSizes = DistributionSummary.builder("bothub.commands.intake.batch")
                .description("single-bot commands stored in one transaction").register(meters);
    }

    /** Stores the command with others arriving now; its outcome. */
    CommandStore.Outcome store(CommandStore.NewCommand command) {
        if (!running) {
            // Starting or stopping: no writer to wait for.
            return store.storeEach(List.of(command)).getFirst();
        }
        CompletableFuture<CommandStore.Outcome> outcome = submit(command);
        if (!running && pending.removeIf(w -> w.outcome() == outcome)) {
            // Stopped in the meantime, perhaps after the writer's last look: nobody else will store it.
            return store.storeEach(List.of(command)).getFirst();
        }
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the command was being stored", e);
        }
    }

    /** Hands the command to the writer; its outcome once written. */
    CompletableFuture<CommandStore.Outcome> submit(CommandStore.NewCommand command) {
        Waiting waiting = new Waiting(command, new CompletableFuture<>());
        pending.add(waiting);
        return waiting.outcome();
    }

    /** Writes what is pending now; the number of commands written. */
    int writeOnce() throws InterruptedException {
        Waiting first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        List<Waiting> batch = new ArrayList<>();
        batch.add(first);
        pending.drainTo(batch, MAX_BATCH - 1);
        batchSizes.record(batch.size());
        try {
            answer(batch, store.storeEach(batch.stream().map(Waiting::command).toList()));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                first.outcome().completeExceptionally(batchFailed);
            } else {
                log.warn("could not store {} commands together; storing each alone: {}", batch.size(), batchFailed.toString());
                for (Waiting waiting : batch) {
                    try {
                        answer(List.of(waiting), store.storeEach(List.of(waiting.command())));
                    } catch (RuntimeException failed) {
                        waiting.outcome().completeExceptionally(failed);
                    }
                }
            }
        }
        return batch.size();
    }

    private static void answer(List<Waiting> batch, List<CommandStore.Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).outcome().complete(outcomes.get(i));
        }
    }

    @Override
    public void start() {
        running = true;
        loop = Thread.ofVirtual().name("command-intake").start(() -> {
            while (running || !pending.isEmpty()) {
                try {
                    writeOnce();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** Stops after what was handed in is written, so no caller is left waiting. */
    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server takes calls and stops after it has finished them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
