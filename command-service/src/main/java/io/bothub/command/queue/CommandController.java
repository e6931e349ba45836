package io.bothub.command.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.command.CommandSettings;
import io.bothub.support.web.Caller;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;

/** The operators' command API. Writes need the {@code commands} scope, reads {@code config_read}. */
@RestController
class CommandController {

    private final QueueingCommands queueing;
    private final CommandQueries queries;
    private final ManagingCommands managing;
    private final Bulkhead intake;

    CommandController(QueueingCommands queueing, CommandQueries queries, ManagingCommands managing,
            CommandSettings settings) {
        this.queueing = queueing;
        this.queries = queries;
        this.managing = managing;
        // Creating a batch of commands shares the database pool with delivery. Unbounded, a burst of broadcasts
        // (each on its own virtual thread) takes every connection and deliveries wait behind it; this bulkhead keeps
        // a few connections for the dispatcher. A call that cannot get in within the wait is told to retry.
        this.intake = Bulkhead.of("command-intake", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.intakeConcurrency()).maxWaitDuration(Duration.ofSeconds(5)).build());
    }

    /** 201 with the command (one bot) or the batch (several bots, a group); 200 for a repeated idempotency key. */
    @PostMapping("/api/v1/commands")
    ResponseEntity<Object> create(Caller caller,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) @Nullable @Size(max = 200) String idempotencyKey,
            @Valid @RequestBody CommandRequest request) {
        caller.require(Scopes.COMMANDS);
        QueueingCommands.Created created;
        try {
            // One bot's command waits for the intake's next batch and holds no connection of its own meanwhile.
            created = request.botId() != null ? queueing.create(caller, request, idempotencyKey)
                    : intake.executeSupplier(() -> queueing.create(caller, request, idempotencyKey));
        } catch (BulkheadFullException busy) {
            ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
                    "command-service is taking in as many commands as it can; retry shortly");
            problem.getHeaders().set("Retry-After", "1");
            throw problem;
        }
        Object body = created.command() != null ? created.command()
                : Map.of("batchId", created.batchId(), "commands", created.commands());
        return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .header("Idempotent-Replayed", String.valueOf(created.replayed())).body(body);
    }

    @GetMapping("/api/v1/commands")
    CommandQueries.Page<Command> list(Caller caller,
            @RequestParam(required = false) @Nullable String botId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable UUID batchId,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        caller.require(Scopes.CONFIG_READ);
        return queries.list(caller.tenantId(), new CommandQueries.Filter(botId, status, type, batchId, from, to), page, size);
    }

    @GetMapping("/api/v1/commands/{id}")
    CommandQueries.Detail detail(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CONFIG_READ);
        return queries.detail(caller.tenantId(), id);
    }

    @PostMapping("/api/v1/commands/{id}/cancel")
    Command cancel(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.COMMANDS);
        return managing.cancel(caller.tenantId(), id, caller.principal());
    }

    record PriorityChange(@NotNull @Min(0) @Max(100) Integer priority) {
    }

    @PatchMapping("/api/v1/commands/{id}")
    Command reprioritise(Caller caller, @PathVariable UUID id, @Valid @RequestBody PriorityChange change) {
        caller.require(Scopes.COMMANDS);
        return managing.reprioritise(caller.tenantId(), id, change.priority());
    }

    @PostMapping("/api/v1/commands/{id}/retry")
    Command retry(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.COMMANDS);
        return managing.retry(caller.tenantId(), id, caller.principal());
    }

    @GetMapping("/api/v1/command-batches")
    CommandQueries.Page<CommandQueries.Batch> batches(Caller caller,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        caller.require(Scopes.CONFIG_READ);
        return queries.batches(caller.tenantId(), page, size);
    }

    @GetMapping("/api/v1/command-batches/{id}")
    CommandQueries.Batch batch(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CONFIG_READ);
        return queries.batch(caller.tenantId(), id);
    }

    /** Keeps the list of known types discoverable for clients building a command form. */
    @GetMapping("/api/v1/commands/types")
    List<String> types(Caller caller) {
        return CommandTypes.NAMES.stream().sorted().toList();
    }
}
