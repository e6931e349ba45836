package io.bothub.command.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.bothub.command.BatchingLoop;
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
class CommandIntake extends BatchingLoop<CommandIntake.Waiting> {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

    record Waiting(CommandStore.NewCommand command, CompletableFuture<CommandStore.Outcome> outcome) {
    }

    private final CommandStore store;
    private final DistributionSummary batchSizes;

    CommandIntake(CommandStore store, MeterRegistry meters) {
        super("command-intake", 200, Duration.ofSeconds(10));
        this.store = store;
        this.batchSizes = DistributionSummary.builder("bothub.commands.intake.batch")
                .description("single-bot commands stored in one transaction").register(meters);
    }

    /** Stores the command with others arriving now; its outcome. */
    CommandStore.Outcome store(CommandStore.NewCommand command) {
        if (!isRunning()) {
            // Starting or stopping: no writer to wait for.
            return storeAlone(command);
        }
        Waiting waiting = submit(command);
        if (!isRunning() && takeBack(waiting)) {
            // Stopped in the meantime, perhaps after the writer's last look: nobody else will store it.
            return storeAlone(command);
        }
        try {
            return waiting.outcome().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the command was being stored", e);
        }
    }

    /** Hands the command to the writer; its outcome arrives once written. */
    Waiting submit(CommandStore.NewCommand command) {
        Waiting waiting = new Waiting(command, new CompletableFuture<>());
        handIn(waiting);
        return waiting;
    }

    @Override
    protected int write(List<Waiting> batch) {
        batchSizes.record(batch.size());
        try {
            answer(batch, store.storeEach(batch.stream().map(Waiting::command).toList()));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.getFirst().outcome().completeExceptionally(batchFailed);
            } else {
                log.warn("could not store {} commands together; storing each alone: {}", batch.size(), batchFailed.toString());
                for (Waiting waiting : batch) {
                    try {
                        waiting.outcome().complete(storeAlone(waiting.command()));
                    } catch (RuntimeException failed) {
                        waiting.outcome().completeExceptionally(failed);
                    }
                }
            }
        }
        return batch.size();
    }

    private CommandStore.Outcome storeAlone(CommandStore.NewCommand command) {
        return store.storeEach(List.of(command)).getFirst();
    }

    private static void answer(List<Waiting> batch, List<CommandStore.Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).outcome().complete(outcomes.get(i));
        }
    }

    /** Starts before the web server takes calls and stops after it has finished them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
