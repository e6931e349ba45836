package io.bothub.command.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.bothub.command.CommandSettings;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Accepts commands into the queue: validates them, stores a single bot's command with others arriving at the same
 * time ({@link CommandIntake}) and a batch's commands together ({@link CommandStore}), and makes a client's
 * idempotency key mean "at most one": the same key returns what the first request created.
 */
@Service
public class QueueingCommands {

    static final int DEFAULT_PRIORITY = 50;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** What a create request produced: one command, or a batch of them; {@code replayed} for a repeated key. */
    public record Created(@Nullable Command command, @Nullable UUID batchId, List<Command> commands, boolean replayed) {
    }

    private final CommandStore store;
    private final CommandIntake intake;
    private final JsonMapper json;
    private final CommandSettings settings;
    private final Clock clock;

    QueueingCommands(CommandStore store, CommandIntake intake, JsonMapper json, CommandSettings settings, Clock clock) {
        this.store = store;
        this.intake = intake;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    public Created create(Caller caller, CommandRequest request, @Nullable String idempotencyKey) {
        validate(request);
        if (request.botId() == null) {
            String requestHash = fingerprint(request);
            if (idempotencyKey != null) {
                Optional<Created> earlier = store.earlier(caller.tenantId(), idempotencyKey, requestHash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            return store.storeBatch(caller, request, idempotencyKey, requestHash);
        }
        // One bot: the intake looks for an earlier request with the same key in the same transaction that stores.
        // Only a request with a key is fingerprinted: nothing compares the fingerprint of one without.
        String requestHash = idempotencyKey == null ? null : fingerprint(request);
        CommandStore.Outcome outcome = intake.store(new CommandStore.NewCommand(caller, request, idempotencyKey, requestHash));
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        if (outcome.keyTaken()) {
            // An earlier or concurrent request with the same key holds it; answer with what it created.
            return store.earlier(caller.tenantId(), Objects.requireNonNull(idempotencyKey),
                    Objects.requireNonNull(requestHash)).orElseThrow();
        }
        Command command = Objects.requireNonNull(outcome.command());
        return new Created(command, null, List.of(command), false);
    }

    private String fingerprint(CommandRequest request) {
        return IdempotencyKeys.fingerprint(json.writeValueAsString(request));
    }

    private void validate(CommandRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        int targets = (request.botId() != null ? 1 : 0) + (request.botIds() != null ? 1 : 0)
                + (request.groupId() != null ? 1 : 0);
        if (targets != 1) {
            problems.add(new FieldProblem("botId", "give exactly one of botId, botIds and groupId"));
        }
        if (request.botIds() != null && request.botIds().isEmpty()) {
            problems.add(new FieldProblem("botIds", "must not be empty"));
        }
        problems.addAll(CommandTypes.problemsWith(request.type(),
                request.payload() == null ? JsonNodeFactory.instance.objectNode() : request.payload()));
        if (request.maxAttempts() != null && request.maxAttempts() > settings.maxAttemptsLimit()) {
            problems.add(new FieldProblem("maxAttempts", "must be at most " + settings.maxAttemptsLimit()));
        }
        // PostgreSQL keeps times up to the year 294276; refuse what it would refuse, before anything is stored.
        if (request.notBefore() != null && request.notBefore().isAfter(LATEST)) {
            problems.add(new FieldProblem("notBefore", "must be before the year 10000"));
        }
        if (request.expiresAt() != null && request.expiresAt().isAfter(LATEST)) {
            problems.add(new FieldProblem("expiresAt", "must be before the year 10000"));
        }
        if (request.expiresAt() != null) {
            if (!request.expiresAt().isAfter(clock.instant())) {
                problems.add(new FieldProblem("expiresAt", "is already past"));
            } else if (request.notBefore() != null && !request.expiresAt().isAfter(request.notBefore())) {
                problems.add(new FieldProblem("expiresAt", "must be after notBefore"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
    }
}
