package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.bothub.command.CommandSettings;
import io.bothub.events.command.CommandQueued;
import io.bothub.command.quotas.CommandQuota;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Accepts commands into the queue: validates them, fans a batch out into one command per bot, and makes a client's
 * idempotency key mean "at most one": the same key returns what the first request created.
 */
@Service
public class QueueingCommands {

    static final int DEFAULT_PRIORITY = 50;

    /** What a create request produced: one command, or a batch of them; {@code replayed} for a repeated key. */
    public record Created(@Nullable Command command, @Nullable UUID batchId, List<Command> commands, boolean replayed) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final CommandSettings settings;
    private final QueueSignal signal;
    private final Clock clock;
    private final CommandQuota quota;

    QueueingCommands(JdbcClient jdbc, Outbox outbox, JsonMapper json, CommandSettings settings, QueueSignal signal,
            Clock clock, CommandQuota quota) {
        this.quota = quota;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.settings = settings;
        this.signal = signal;
        this.clock = clock;
    }

    @Transactional
    public Created create(Caller caller, CommandRequest request, @Nullable String idempotencyKey) {
        validate(request);
        String requestHash = IdempotencyKeys.fingerprint(json.writeValueAsString(request));
        if (idempotencyKey != null) {
            Optional<Created> earlier = earlier(caller.tenantId(), idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        List<String> bots = targets(caller.tenantId(), request);
        quota.take(caller.tenantId(), bots.size());
        Instant now = clock.instant();
        Created created;
        if (request.botId() != null) {
            Command command = insert(caller, request, bots.getFirst(), null, idempotencyKey, requestHash, now);
            if (command == null) {
                // A concurrent request with the same key won the insert; answer with what it created.
                return earlier(caller.tenantId(), Objects.requireNonNull(idempotencyKey), requestHash).orElseThrow();
            }
            created = new Created(command, null, List.of(command), false);
        } else {
            UUID batchId = UUID.randomUUID();
            int inserted = jdbc.sql("""
                    insert into command_batch (id, tenant_id, command_type, target, total, idempotency_key,
                                               request_hash, created_by, created_at)
                    values (:id, :tenant, :type, cast(:target as jsonb), :total, :key, :hash, :by, :at)
                    on conflict do nothing
                    """)
                    .param("id", batchId).param("tenant", caller.tenantId()).param("type", request.type())
                    .param("target", json.writeValueAsString(request.groupId() != null
                            ? Map.of("groupId", request.groupId()) : Map.of("botIds", bots)))
                    .param("total", bots.size()).param("key", idempotencyKey).param("hash", requestHash)
                    .param("by", caller.principal()).param("at", Timestamp.from(now)).update();
            if (inserted == 0) {
                return earlier(caller.tenantId(), Objects.requireNonNull(idempotencyKey), requestHash).orElseThrow();
            }
            List<Command> commands = new ArrayList<>();
            for (String bot : bots) {
                commands.add(Objects.requireNonNull(insert(caller, request, bot, batchId, null, null, now)));
            }
            created = new Created(null, batchId, commands, false);
        }
        wakeDispatchersAfterCommit(caller.tenantId(), bots);
        return created;
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

    /** The bots a request names, each known to this tenant; refuses the whole request if one is not. */
    private List<String> targets(String tenantId, CommandRequest request) {
        if (request.groupId() != null) {
            List<String> members = jdbc.sql("select bot_id from bot_endpoint where tenant_id = :tenant and group_id = :group order by bot_id")
                    .param("tenant", tenantId).param("group", request.groupId()).query(String.class).list();
            if (members.isEmpty()) {
                throw ProblemException.invalid(List.of(new FieldProblem("groupId",
                        "group '" + request.groupId() + "' has no bots")));
            }
            return members;
        }
        List<String> named = request.botId() != null ? List.of(request.botId())
                : List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(request.botIds())));
        List<String> known = jdbc.sql("select bot_id from bot_endpoint where tenant_id = :tenant and bot_id in (:bots)")
                .param("tenant", tenantId).param("bots", named).query(String.class).list();
        List<String> unknown = named.stream().filter(b -> !known.contains(b)).toList();
        if (!unknown.isEmpty()) {
            if (request.botId() != null) {
                throw ProblemException.notFound("bot", request.botId());
            }
            throw ProblemException.invalid(List.of(new FieldProblem("botIds", "unknown bots: " + unknown)));
        }
        return named;
    }

    private @Nullable Command insert(Caller caller, CommandRequest request, String botId, @Nullable UUID batchId,
            @Nullable String idempotencyKey, @Nullable String requestHash, Instant now) {
        UUID id = UUID.randomUUID();
        Optional<Command> command = jdbc.sql("""
                insert into command (id, tenant_id, bot_id, batch_id, command_type, payload, priority, status,
                                     not_before, expires_at, idempotency_key, request_hash, max_attempts,
                                     created_by, created_at, updated_at)
                values (:id, :tenant, :bot, :batch, :type, cast(:payload as jsonb), :priority, 'queued',
                        :notBefore, :expiresAt, :key, :hash, :maxAttempts, :by, :now, :now)
                on conflict do nothing
                returning\s""" + Command.COLUMNS)
                .param("id", id).param("tenant", caller.tenantId()).param("bot", botId).param("batch", batchId)
                .param("type", request.type())
                .param("payload", json.writeValueAsString(request.payload() == null
                        ? JsonNodeFactory.instance.objectNode() : request.payload()))
                .param("priority", Objects.requireNonNullElse(request.priority(), DEFAULT_PRIORITY))
                .param("notBefore", request.notBefore() == null ? null : Timestamp.from(request.notBefore()))
                .param("expiresAt", request.expiresAt() == null ? null : Timestamp.from(request.expiresAt()))
                .param("key", idempotencyKey).param("hash", requestHash)
                .param("maxAttempts", Objects.requireNonNullElse(request.maxAttempts(), settings.defaultMaxAttempts()))
                .param("by", caller.principal()).param("now", Timestamp.from(now))
                .query((rs, i) -> Command.from(rs, json)).optional();
        command.ifPresent(c -> outbox.add(c.tenantId(), new CommandQueued(c.id().toString(), c.botId(), c.type(),
                c.priority(), batchId == null ? null : batchId.toString(), c.notBefore(), c.createdAt())));
        return command.orElse(null);
    }

    private Optional<Created> earlier(String tenantId, String key, String requestHash) {
        record Earlier(UUID id, String hash) {
        }
        Optional<Command> single = jdbc.sql("select " + Command.COLUMNS + ", request_hash from command "
                        + "where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key).query((rs, i) -> {
                    IdempotencyKeys.requireSameRequest(key, requestHash, rs.getString(21));
                    return Command.from(rs, json);
                }).optional();
        if (single.isPresent()) {
            return Optional.of(new Created(single.get(), null, List.of(single.get()), true));
        }
        Optional<Earlier> batch = jdbc.sql("select id, request_hash from command_batch where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key)
                .query((rs, i) -> new Earlier(rs.getObject(1, UUID.class), rs.getString(2))).optional();
        return batch.map(b -> {
            IdempotencyKeys.requireSameRequest(key, requestHash, b.hash());
            List<Command> commands = jdbc.sql("select " + Command.COLUMNS + " from command where batch_id = :batch order by bot_id")
                    .param("batch", b.id()).query((rs, i) -> Command.from(rs, json)).list();
            return new Created(null, b.id(), commands, true);
        });
    }

    private void wakeDispatchersAfterCommit(String tenantId, List<String> bots) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wakeFor(tenantId, bots);
            }
        });
    }
}
