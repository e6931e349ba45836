package io.bothub.command.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.bothub.command.CommandSettings;
import io.bothub.command.GenericPlans;
import io.bothub.command.quotas.CommandQuota;
import io.bothub.events.TimeOrderedIds;
import io.bothub.events.command.CommandQueued;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.IdempotencyKeys;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Writes new commands: many in one statement, with their {@link CommandQueued} events in one more, whether they are
 * one broadcast's commands or single commands from many API calls stored together ({@link CommandIntake}).
 */
@Component
class CommandStore {

    /** A validated request for one bot's command, with its idempotency key and, where it has one, the request's
     *  fingerprint. */
    record NewCommand(Caller caller, CommandRequest request, @Nullable String idempotencyKey,
            @Nullable String requestHash) {
    }

    /**
     * What became of a {@link NewCommand}: stored, refused ({@code refusal}), or neither because an earlier request
     * holds its idempotency key ({@code keyTaken}: answer with what that request created).
     */
    record Outcome(@Nullable Command command, @Nullable RuntimeException refusal, boolean keyTaken) {

        static Outcome stored(Command command) {
            return new Outcome(command, null, false);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal, false);
        }
    }

    private record Row(UUID id, String tenantId, String botId, @Nullable UUID batchId, CommandRequest request,
            @Nullable String idempotencyKey, @Nullable String requestHash, String createdBy) {
    }

    private record BotRef(String tenantId, String botId) {
    }

    private record KeyRef(String tenantId, String key) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final JsonMapper json;
    private final CommandSettings settings;
    private final QueueSignal signal;
    private final Clock clock;
    private final CommandQuota quota;

    CommandStore(JdbcClient jdbc, Outbox outbox, JsonMapper json, CommandSettings settings, QueueSignal signal,
            Clock clock, CommandQuota quota) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
        this.settings = settings;
        this.signal = signal;
        this.clock = clock;
        this.quota = quota;
    }

    /**
     * Stores single-bot commands of any tenants in one transaction. Each is checked as if alone: an unknown bot or a
     * spent quota refuses that command only, and an idempotency key already held (by an earlier request or one
     * before it in this batch) stores nothing and takes nothing from the quota.
     *
     * @return one outcome per command, in order
     */
    @Transactional
    List<Outcome> storeEach(List<NewCommand> commands) {
        GenericPlans.forThisTransaction(jdbc);
        Outcome[] outcomes = new Outcome[commands.size()];
        Set<BotRef> known = knownBots(commands.stream()
                .map(c -> new BotRef(c.caller().tenantId(), Objects.requireNonNull(c.request().botId()))).toList());
        Set<KeyRef> keysTaken = keysTaken(commands);
        Map<String, List<Integer>> byTenant = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            NewCommand c = commands.get(i);
            if (c.idempotencyKey() != null && keysTaken.contains(new KeyRef(c.caller().tenantId(), c.idempotencyKey()))) {
                // A repeated request: answered with what the first one created, taking nothing from the quota.
                outcomes[i] = new Outcome(null, null, true);
            } else if (known.contains(new BotRef(c.caller().tenantId(), c.request().botId()))) {
                byTenant.computeIfAbsent(c.caller().tenantId(), t -> new ArrayList<>()).add(i);
            } else {
                outcomes[i] = Outcome.refused(ProblemException.notFound("bot", c.request().botId()));
            }
        }
        List<Integer> admitted = new ArrayList<>();
        byTenant.forEach((tenant, indexes) -> admitted.addAll(takeQuota(tenant, indexes, outcomes)));
        List<Row> rows = new ArrayList<>();
        for (int i : admitted) {
            NewCommand c = commands.get(i);
            rows.add(new Row(TimeOrderedIds.next(), c.caller().tenantId(), Objects.requireNonNull(c.request().botId()),
                    null, c.request(), c.idempotencyKey(), c.requestHash(), c.caller().principal()));
        }
        Map<UUID, Command> stored = insert(rows);
        Map<String, Set<String>> woken = new LinkedHashMap<>();
        for (int n = 0; n < rows.size(); n++) {
            Command command = stored.get(rows.get(n).id());
            int i = admitted.get(n);
            // Not stored: a request with the same idempotency key (earlier, or in this batch) holds the key.
            outcomes[i] = command == null ? new Outcome(null, null, true) : Outcome.stored(command);
            if (command != null) {
                woken.computeIfAbsent(command.tenantId(), t -> new LinkedHashSet<>()).add(command.botId());
            }
        }
        wakeDispatchersAfterCommit(woken);
        return List.of(outcomes);
    }

    /*
     * One quota take for all of a tenant's commands in the batch; if that would go over, one by one, so the
     * commands that still fit are stored as they would have been alone.
     */
    private List<Integer> takeQuota(String tenantId, List<Integer> indexes, Outcome[] outcomes) {
        try {
            quota.take(tenantId, indexes.size());
            return indexes;
        } catch (ProblemException overQuota) {
            if (indexes.size() == 1) {
                outcomes[indexes.getFirst()] = Outcome.refused(overQuota);
                return List.of();
            }
        }
        List<Integer> admitted = new ArrayList<>();
        for (int i : indexes) {
            try {
                quota.take(tenantId, 1);
                admitted.add(i);
            } catch (ProblemException overQuota) {
                outcomes[i] = Outcome.refused(overQuota);
            }
        }
        return admitted;
    }

    /** Stores a batch: one command per bot of a list or a group, under one batch id. */
    @Transactional
    QueueingCommands.Created storeBatch(Caller caller, CommandRequest request, @Nullable String idempotencyKey,
            String requestHash) {
        List<String> bots = targets(caller.tenantId(), request);
        quota.take(caller.tenantId(), bots.size());
        UUID batchId = TimeOrderedIds.next();
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
                .param("by", caller.principal()).param("at", Timestamp.from(clock.instant())).update();
        if (inserted == 0) {
            // A concurrent request with the same key won the insert; answer with what it created.
            return earlier(caller.tenantId(), Objects.requireNonNull(idempotencyKey), requestHash).orElseThrow();
        }
        List<Row> rows = bots.stream().map(bot -> new Row(TimeOrderedIds.next(), caller.tenantId(), bot, batchId,
                request, null, null, caller.principal())).toList();
        Map<UUID, Command> stored = insert(rows);
        List<Command> commands = rows.stream().map(r -> Objects.requireNonNull(stored.get(r.id()))).toList();
        wakeDispatchersAfterCommit(Map.of(caller.tenantId(), new LinkedHashSet<>(bots)));
        return new QueueingCommands.Created(null, batchId, commands, false);
    }

    /** The bots a batch request names, each known to this tenant; refuses the whole request if one is not. */
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
        List<String> named = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(request.botIds())));
        Set<BotRef> known = knownBots(named.stream().map(b -> new BotRef(tenantId, b)).toList());
        List<String> unknown = named.stream().filter(b -> !known.contains(new BotRef(tenantId, b))).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldProblem("botIds", "unknown bots: " + unknown)));
        }
        return named;
    }

    /** The idempotency keys of these commands that an earlier request (one command or a batch) already holds. */
    private Set<KeyRef> keysTaken(List<NewCommand> commands) {
        List<KeyRef> keyed = commands.stream().filter(c -> c.idempotencyKey() != null)
                .map(c -> new KeyRef(c.caller().tenantId(), c.idempotencyKey())).toList();
        if (keyed.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                with wanted as (
                    select * from unnest(cast(:tenants as text[]), cast(:keys as text[])) as w(tenant_id, idempotency_key)
                )
                select c.tenant_id, c.idempotency_key from command c join wanted w
                  on c.tenant_id = w.tenant_id and c.idempotency_key = w.idempotency_key
                union
                select b.tenant_id, b.idempotency_key from command_batch b join wanted w
                  on b.tenant_id = w.tenant_id and b.idempotency_key = w.idempotency_key
                """)
                .param("tenants", keyed.stream().map(KeyRef::tenantId).toArray(String[]::new))
                .param("keys", keyed.stream().map(KeyRef::key).toArray(String[]::new))
                .query((rs, i) -> new KeyRef(rs.getString(1), rs.getString(2))).list());
    }

    private Set<BotRef> knownBots(List<BotRef> wanted) {
        return new HashSet<>(jdbc.sql("""
                select b.tenant_id, b.bot_id from bot_endpoint b
                join unnest(cast(:tenants as text[]), cast(:bots as text[])) as w(tenant_id, bot_id)
                  on b.tenant_id = w.tenant_id and b.bot_id = w.bot_id
                """)
                .param("tenants", wanted.stream().map(BotRef::tenantId).toArray(String[]::new))
                .param("bots", wanted.stream().map(BotRef::botId).toArray(String[]::new))
                .query((rs, i) -> new BotRef(rs.getString(1), rs.getString(2))).list());
    }

    /**
     * Inserts the rows in one statement and records their events in one more; a row whose idempotency key is taken
     * is skipped. The commands stored, by id.
     */
    private Map<UUID, Command> insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        int n = rows.size();
        String[] ids = new String[n], tenants = new String[n], bots = new String[n], batches = new String[n],
                types = new String[n], payloads = new String[n], keys = new String[n], hashes = new String[n],
                creators = new String[n];
        Integer[] priorities = new Integer[n], maxAttempts = new Integer[n];
        // Times travel as ISO-8601 text: the driver binds arrays of text and numbers, not of timestamps.
        String[] notBefore = new String[n], expiresAt = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            CommandRequest request = row.request();
            ids[i] = row.id().toString();
            tenants[i] = row.tenantId();
            bots[i] = row.botId();
            batches[i] = row.batchId() == null ? null : row.batchId().toString();
            types[i] = request.type();
            payloads[i] = json.writeValueAsString(request.payload() == null
                    ? JsonNodeFactory.instance.objectNode() : request.payload());
            priorities[i] = Objects.requireNonNullElse(request.priority(), QueueingCommands.DEFAULT_PRIORITY);
            notBefore[i] = request.notBefore() == null ? null : request.notBefore().toString();
            expiresAt[i] = request.expiresAt() == null ? null : request.expiresAt().toString();
            keys[i] = row.idempotencyKey();
            hashes[i] = row.requestHash();
            maxAttempts[i] = Objects.requireNonNullElse(request.maxAttempts(), settings.defaultMaxAttempts());
            creators[i] = row.createdBy();
        }
        Instant now = clock.instant();
        // Rows go in in the given order, so a bot's commands from one batch keep their order in the queue (seq).
        List<Command> inserted = jdbc.sql("""
                insert into command (id, tenant_id, bot_id, batch_id, command_type, payload, priority, status,
                                     not_before, expires_at, idempotency_key, request_hash, max_attempts,
                                     created_by, created_at, updated_at)
                select id, tenant, bot, batch, type, cast(payload as jsonb), priority, 'queued', not_before,
                       expires_at, key, hash, max_attempts, by, :now, :now
                from unnest(cast(:ids as uuid[]), cast(:tenants as text[]), cast(:bots as text[]),
                            cast(:batches as uuid[]), cast(:types as text[]), cast(:payloads as text[]),
                            cast(:priorities as int[]), cast(:notBefore as timestamptz[]),
                            cast(:expiresAt as timestamptz[]), cast(:keys as text[]), cast(:hashes as text[]),
                            cast(:maxAttempts as int[]), cast(:creators as text[])) with ordinality
                     as r(id, tenant, bot, batch, type, payload, priority, not_before, expires_at, key, hash,
                          max_attempts, by, position)
                order by position
                on conflict do nothing
                returning\s""" + Command.COLUMNS)
                .param("ids", ids).param("tenants", tenants).param("bots", bots).param("batches", batches)
                .param("types", types).param("payloads", payloads).param("priorities", priorities)
                .param("notBefore", notBefore).param("expiresAt", expiresAt).param("keys", keys)
                .param("hashes", hashes).param("maxAttempts", maxAttempts).param("creators", creators)
                .param("now", Timestamp.from(now))
                .query((rs, i) -> Command.from(rs, json)).list();
        Map<UUID, Command> byId = new HashMap<>();
        inserted.forEach(c -> byId.put(c.id(), c));
        List<Outbox.Addition> events = new ArrayList<>();
        for (Row row : rows) {
            Command c = byId.get(row.id());
            if (c != null) {
                events.add(new Outbox.Addition(c.tenantId(), null, new CommandQueued(c.id().toString(), c.botId(),
                        c.type(), c.priority(), c.batchId() == null ? null : c.batchId().toString(), c.notBefore(),
                        c.createdAt())));
            }
        }
        outbox.addAll(events);
        return byId;
    }

    /** What an earlier request with this idempotency key created; 409 if it was a different request. */
    Optional<QueueingCommands.Created> earlier(String tenantId, String key, String requestHash) {
        record Earlier(UUID id, String hash) {
        }
        Optional<Command> single = jdbc.sql("select " + Command.COLUMNS + ", request_hash from command "
                        + "where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key).query((rs, i) -> {
                    IdempotencyKeys.requireSameRequest(key, requestHash, rs.getString(21));
                    return Command.from(rs, json);
                }).optional();
        if (single.isPresent()) {
            return Optional.of(new QueueingCommands.Created(single.get(), null, List.of(single.get()), true));
        }
        Optional<Earlier> batch = jdbc.sql("select id, request_hash from command_batch where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key)
                .query((rs, i) -> new Earlier(rs.getObject(1, UUID.class), rs.getString(2))).optional();
        return batch.map(b -> {
            IdempotencyKeys.requireSameRequest(key, requestHash, b.hash());
            List<Command> commands = jdbc.sql("select " + Command.COLUMNS + " from command where batch_id = :batch order by bot_id")
                    .param("batch", b.id()).query((rs, i) -> Command.from(rs, json)).list();
            return new QueueingCommands.Created(null, b.id(), commands, true);
        });
    }

    private void wakeDispatchersAfterCommit(Map<String, ? extends Set<String>> botsByTenant) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                botsByTenant.forEach(signal::wakeFor);
            }
        });
    }
}
