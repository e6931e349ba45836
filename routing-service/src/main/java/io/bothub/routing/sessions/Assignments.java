package io.bothub.routing.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.bothub.events.TimeOrderedIds;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.session.SessionTransferred;
import io.bothub.routing.fleet.Fleet;
import io.bothub.routing.fleet.FleetBot;
import io.bothub.routing.fleet.Ranking;
import io.bothub.routing.fleet.Strategy;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assigns sessions to bots. The candidates are the tenant's online, enabled bots of the session's group that have
 * every capability it needs, ranked by the group's strategy ({@link Strategy}); an urgent session goes to the
 * healthiest bots whatever the strategy; the user's previous bot goes first while it qualifies and is healthy
 * (affinity). The seat itself is taken atomically in Redis ({@link SessionCapacity}); a session no bot has room for
 * waits, by priority then age, and takes the first seat that frees up.
 *
 * <p>Every assignment records its explanation (the candidates with their figures) and publishes its event through
 * the outbox in the same transaction as the session's row. A seat taken in Redis for a row that then does not
 * change is given back.
 */
@Service
class Assignments implements AutoCloseable {

    /** At or above this priority a session is urgent. */
    static final int URGENT = 90;
    /** Affinity holds only while the previous bot's health score is at least this. */
    static final double HEALTHY = 60.0;
    /**
     * Batches of a tenant's openings decided and not yet written: while one batch commits, the next are decided and
     * seated. A few connections of the pool, no more: a replica serves other requests too. (On the 2-core machine 3
     * did better than 1, no overlap, or 2: the decisions of a batch wait on two round trips of their own.)
     */
    static final int WRITERS = 3;
    /** An explanation keeps the best candidates, not a fleet of thousands per decision. */
    static final int EXPLAINED = 10;
    /**
     * Candidates sent to the seat script with each session of a batch: those its explanation shows. A session whose
     * ten are all full (rare but for small or nearly full fleets) walks the rest of its ranking afterwards.
     */
    static final int FIRST_PAGE = EXPLAINED;

    record Session(UUID id, String userId, @Nullable String groupId, List<String> capabilities, int priority,
            String status, @Nullable String botId, String mode, @Nullable String humanAgent, Instant createdAt,
            @Nullable Instant assignedAt, @Nullable Instant closedAt, int switchCount, @Nullable Integer queuePosition) {
    }

    record Request(String userId, @Nullable String groupId, List<String> capabilities, int priority) {
    }

    /** The ranked candidates for a session and how they were ranked (the label goes into events and explanations). */
    record Choice(List<Ranking.Ranked> ranked, String strategy) {

        List<SessionCapacity.Candidate> seats() {
            return ranked.stream().map(r -> new SessionCapacity.Candidate(r.bot().botId(), r.bot().maxSessions())).toList();
        }
    }

    private final JdbcClient jdbc;
    private final SessionCapacity capacity;
    private final Fleet fleet;
    private final Outbox outbox;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final JsonMapper json;
    private final TenantBatches<Opening, Opened> openings;
    /** Per tenant, the seat counts this replica follows between batches; dropped for a tenant quiet for a while. */
    private final Cache<String, KnownSeats> knownSeats = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).maximumSize(10_000).build();

    Assignments(JdbcClient jdbc, SessionCapacity capacity, Fleet fleet, Outbox outbox, TransactionOperations transactions,
            Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.capacity = capacity;
        this.fleet = fleet;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
        this.openings = new TenantBatches<>("session-openings", this::openAll, this::openOne, WRITERS);
    }

    @Override
    public void close() {
        openings.close();
    }

    /** A session to open, with its id and time fixed when it was asked for. */
    record Opening(UUID id, Instant at, Request request) {
    }

    /**
     * How an opening ended: seated (the session), or waiting; {@code lostSeat} is a seat taken for a bot that went
     * offline before the row was written, still to be given back.
     */
    record Opened(@Nullable Session seated, @Nullable String lostSeat) {
    }

    /** Batches handled and the sessions in them, for the benchmark. */
    long[] openingBatches() {
        return openings.handled();
    }

    /**
     * Opens a session and seats it at once when a bot has room: the choice and the seat come first, then the session's
     * row, its explanation and its event are written in one transaction. Concurrent openings of a tenant are decided
     * and written together ({@link #openAll}), each with the same outcome it would have had alone.
     */
    Session open(String tenantId, Request request) {
        Opening opening = new Opening(TimeOrderedIds.next(), clock.instant(), request);
        Opened opened = openings.submit(tenantId, opening);
        if (opened.seated() != null) {
            return opened.seated();
        }
        if (opened.lostSeat() != null) {
            capacity.release(tenantId, opened.lostSeat());
            tryAssign(tenantId, opening.id(), null);
        }
        return get(tenantId, opening.id());
    }

    /** Opens one session alone after its batch failed: a batch of one, so only its own failure reaches it. */
    private Opened openOne(String tenantId, Opening opening) {
        return openAll(tenantId, List.of(opening)).write().getFirst();
    }

    /**
     * Opens a batch of sessions, in order, as separate openings one after the other would, at a fraction of the cost:
     * the seat counts are read once (and only their change counter while no one but this replica's batches changed
     * them, {@link KnownSeats}), each session ranks its candidates with the seats the sessions before it in the
     * batch are expected to take counted, one script takes every seat (each session's first page of candidates,
     * checked and taken atomically, so no bot goes over its maximum), and one transaction writes every row, every
     * explanation and every event (in the step returned, which may run while the next batch is decided). If that
     * transaction fails, every seat the batch took is given back.
     */
    TenantBatches.Decided<Opened> openAll(String tenantId, List<Opening> batch) {
        KnownSeats known = knownSeats.get(tenantId, t -> new KnownSeats());
        List<Optional<String>> seats;
        List<Choice> choices;
        // One batch of a tenant decides at a time, but a batch that failed to write is redone beside the next one.
        synchronized (known) {
            try {
                choices = new ArrayList<>(batch.size());
                seats = decide(tenantId, batch, known, choices);
            } catch (RuntimeException | Error e) {
                known.forget();
                throw e;
            }
        }
        return () -> {
            List<Opened> opened = new ArrayList<>(batch.size());
            try {
                Instant decided = clock.instant();
                Set<UUID> assigned = Objects.requireNonNull(transactions.execute(tx -> write(tenantId, batch, choices,
                        seats, decided)));
                for (int i = 0; i < batch.size(); i++) {
                    Opening opening = batch.get(i);
                    Request request = opening.request();
                    opened.add(assigned.contains(opening.id())
                            ? new Opened(new Session(opening.id(), request.userId(), request.groupId(),
                                    request.capabilities(), request.priority(), "assigned", seats.get(i).get(), "ai", null,
                                    opening.at(), opening.at(), null, 0, null), null)
                            : new Opened(null, seats.get(i).orElse(null)));
                }
            } catch (RuntimeException e) {
                seats.forEach(seat -> seat.ifPresent(bot -> capacity.release(tenantId, bot)));
                throw e;
            }
            return opened;
        };
    }

    /** Chooses and seats each session of the batch, in order: its seat, or empty when it waits. */
    private List<Optional<String>> decide(String tenantId, List<Opening> batch, KnownSeats known, List<Choice> choices) {
        // The seat counts (or that they did not change) travel from Redis while the database looks up the users'
        // previous bots.
        java.util.concurrent.CompletionStage<SessionCapacity.Counts> counts = capacity.countsSince(tenantId,
                known.version());
        Map<String, String> previous = previousBots(tenantId,
                batch.stream().map(o -> o.request().userId()).distinct().toList());
        known.refresh(counts.toCompletableFuture().join(), fleet.view(tenantId));
        Map<String, Long> turns = turns(tenantId, batch);
        long[] turnOf = new long[batch.size()];
        List<@Nullable String> expected = new ArrayList<>(batch.size());
        List<KnownSeats.Pool> pools = new ArrayList<>(batch.size());
        for (Opening opening : batch) {
            Request request = opening.request();
            KnownSeats.Pool pool = known.pool(fleet, request.groupId(), request.capabilities());
            pools.add(pool);
            boolean urgent = request.priority() >= URGENT;
            Strategy strategy = urgent ? Strategy.HIGHEST_HEALTH : fleet.strategyFor(tenantId, request.groupId());
            long turn = strategy == Strategy.WEIGHTED_ROUND_ROBIN
                    ? turns.merge(turnKey(request.groupId()), 1L, Long::sum) - 1 : 0;
            turnOf[choices.size()] = turn;
            // The fleet lists its bots in id order (Fleet), and the pool keeps that order.
            List<Ranking.Ranked> page = new ArrayList<>(Ranking.bestInIdOrder(pool.bots, strategy, turn, FIRST_PAGE));
            String label = (urgent ? "urgent:" : "") + strategy.id();
            String affine = previous.get(request.userId());
            FleetBot previousBot = affine == null ? null : pool.find(affine);
            if (previousBot != null && previousBot.healthOrDefault() >= HEALTHY) {
                page.removeIf(r -> r.bot().botId().equals(affine));
                page.addFirst(Ranking.scored(previousBot, strategy));
                if (page.size() > FIRST_PAGE) {
                    page.removeLast();
                }
                label = "affinity," + label;
            }
            choices.add(new Choice(page, label));
            // The seat the script will give it, if the counts are right: the sessions after it rank with it counted.
            String expect = null;
            for (Ranking.Ranked r : page) {
                FleetBot now = Objects.requireNonNull(pool.find(r.bot().botId()));
                if (now.held() < now.maxSessions()) {
                    expect = now.botId();
                    known.expect(expect);
                    break;
                }
            }
            expected.add(expect);
        }

        List<Optional<String>> seats = new ArrayList<>(batch.size());
        try {
            SessionCapacity.Seated taken = capacity.takeEachCounted(tenantId, choices.stream().map(Choice::seats).toList());
            seats.addAll(taken.bots());
            known.taken(taken, expected);
            for (int i = 0; i < batch.size(); i++) {
                if (seats.get(i).isEmpty()) {
                    Request request = batch.get(i).request();
                    KnownSeats.Pool pool = pools.get(i);
                    if (pool.bots.size() > choices.get(i).ranked().size()) {
                        known.forget(); // a seat taken outside the batch's script, not followed here
                        seats.set(i, beyondFirstPage(tenantId, request, choices.get(i), turnOf[i], pool));
                    }
                }
            }
        } catch (RuntimeException e) {
            seats.forEach(seat -> seat.ifPresent(bot -> capacity.release(tenantId, bot)));
            throw e;
        }
        return seats;
    }

    /**
     * Every candidate of the first page was full: the rest, in order of preference, as the single path walks them
     * (the whole ranking less the page already tried, which held the previous bot if it qualified).
     */
    private Optional<String> beyondFirstPage(String tenantId, Request request, Choice choice, long turn,
            KnownSeats.Pool pool) {
        boolean urgent = request.priority() >= URGENT;
        Strategy strategy = urgent ? Strategy.HIGHEST_HEALTH : fleet.strategyFor(tenantId, request.groupId());
        Set<String> tried = new HashSet<>();
        choice.ranked().forEach(r -> tried.add(r.bot().botId()));
        List<SessionCapacity.Candidate> rest = Ranking.rank(pool.bots, strategy, turn).stream()
                .filter(r -> !tried.contains(r.bot().botId()))
                .map(r -> new SessionCapacity.Candidate(r.bot().botId(), r.bot().maxSessions())).toList();
        return capacity.take(tenantId, rest);
    }

    private static String turnKey(@Nullable String group) {
        return group == null ? "*" : group;
    }

    /** The first turn of each weighted-round-robin group's share of the batch, advanced once per decision. */
    private Map<String, Long> turns(String tenantId, List<Opening> batch) {
        Map<String, Integer> counts = new HashMap<>();
        for (Opening opening : batch) {
            Request request = opening.request();
            if (request.priority() < URGENT
                    && fleet.strategyFor(tenantId, request.groupId()) == Strategy.WEIGHTED_ROUND_ROBIN) {
                counts.merge(turnKey(request.groupId()), 1, Integer::sum);
            }
        }
        Map<String, Long> first = new HashMap<>();
        counts.forEach((group, count) -> first.put(group,
                capacity.nextTurns(tenantId, group.equals("*") ? null : group, count)));
        return first;
    }

    /** The batch's rows, explanations and events, in one transaction; the ids of the sessions seated. */
    private Set<UUID> write(String tenantId, List<Opening> batch, List<Choice> choices, List<Optional<String>> seats,
            Instant decided) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] groups = new String[n];
        String[] capabilities = new String[n];
        Integer[] priorities = new Integer[n];
        String[] bots = new String[n];
        String[] ats = new String[n];
        String[] strategies = new String[n];
        String[] candidates = new String[n];
        for (int i = 0; i < n; i++) {
            Opening opening = batch.get(i);
            Request request = opening.request();
            ids[i] = opening.id().toString();
            users[i] = request.userId();
            groups[i] = request.groupId();
            capabilities[i] = arrayLiteral(request.capabilities());
            priorities[i] = request.priority();
            bots[i] = seats.get(i).orElse(null);
            ats[i] = opening.at().toString();
            strategies[i] = choices.get(i).strategy();
            candidates[i] = seats.get(i).isPresent() ? candidatesJson(choices.get(i)) : null;
        }
        // Seated only on a bot still online by the view (another replica may have just taken it off); otherwise the
        // session waits. The explanation goes in with the row, for the seated sessions only.
        Set<UUID> seated = new HashSet<>(jdbc.sql("""
                with input as (
                    select * from unnest(cast(:ids as uuid[]), cast(:users as text[]), cast(:groups as text[]),
                                         cast(:capabilities as text[]), cast(:priorities as integer[]),
                                         cast(:bots as text[]), cast(:ats as timestamptz[]), cast(:strategies as text[]),
                                         cast(:candidates as text[]))
                         with ordinality as i(id, user_id, group_id, capabilities, priority, bot, at, strategy,
                                              candidates, position)
                ),
                checked as (
                    -- One lookup by key per session: as a join, the planner reads the tenant's whole fleet per batch.
                    select i.*, (select f.bot_id from fleet_bot f where f.tenant_id = :tenant and f.bot_id = i.bot
                                 and f.status = 'online' and f.enabled) as seat
                    from input i
                ),
                opened as (
                    insert into session (id, tenant_id, user_id, group_id, capabilities, priority, status, bot_id,
                                         created_at, assigned_at)
                    select c.id, :tenant, c.user_id, c.group_id, cast(c.capabilities as text[]), c.priority,
                           case when c.seat is null then 'waiting' else 'assigned' end, c.seat, c.at,
                           case when c.seat is null then null else c.at end
                    from checked c
                    order by c.position
                    returning id, bot_id
                ),
                explained as (
                    insert into assignment_decision (tenant_id, session_id, bot_id, kind, strategy, candidates,
                                                     decided_at)
                    select :tenant, o.id, o.bot_id, 'assigned', i.strategy, cast(i.candidates as jsonb), :decided
                    from opened o join input i on i.id = o.id
                    where o.bot_id is not null
                    order by i.position
                )
                select id from opened where bot_id is not null
                """)
                .param("ids", ids).param("users", users).param("groups", groups).param("capabilities", capabilities)
                .param("priorities", priorities).param("bots", bots).param("ats", ats).param("strategies", strategies)
                .param("candidates", candidates).param("tenant", tenantId).param("decided", Timestamp.from(decided))
                .query(UUID.class).list());
        List<Outbox.Addition> events = new ArrayList<>(seated.size());
        for (int i = 0; i < n; i++) {
            Opening opening = batch.get(i);
            if (seated.contains(opening.id())) {
                Request request = opening.request();
                events.add(new Outbox.Addition(tenantId, null, new SessionAssigned(opening.id().toString(),
                        seats.get(i).orElseThrow(), null, request.userId(), request.priority() >= URGENT ? "urgent" : "normal",
                        choices.get(i).strategy(), 0, opening.at())));
            }
        }
        outbox.addAll(events);
        return seated;
    }

    /** A PostgreSQL array literal: one element of a text[] parameter can then carry a whole array. */
    private static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    /**
     * Opens the session of a conversation first seen in a bot's message: the bot that reported it goes first if it
     * has room. Two messages of a new conversation arriving at once open it once (the conversation id is unique).
     */
    UUID openFor(String tenantId, String conversationId, String userId, String reportingBot) {
        UUID id = TimeOrderedIds.next();
        int inserted = jdbc.sql("""
                insert into session (id, tenant_id, user_id, priority, status, created_at, conversation_id)
                values (:id, :tenant, :user, 50, 'waiting', :now, :conversation)
                on conflict (tenant_id, conversation_id) where conversation_id is not null do nothing
                """)
                .param("id", id).param("tenant", tenantId).param("user", userId)
                .param("now", Timestamp.from(clock.instant())).param("conversation", conversationId).update();
        if (inserted == 0) {
            return jdbc.sql("select id from session where tenant_id = :tenant and conversation_id = :conversation")
                    .param("tenant", tenantId).param("conversation", conversationId).query(UUID.class).single();
        }
        tryAssign(tenantId, id, reportingBot);
        return id;
    }

    private record Closed(@Nullable String botId, int messages) {
    }

    /** Closes a session; its seat goes to the sessions waiting for one. */
    Session close(String tenantId, UUID id) {
        Optional<Closed> closed = Objects.requireNonNull(transactions.execute(tx -> {
            Optional<Closed> row = jdbc.sql("""
                    update session s set status = 'closed', closed_at = :now
                    from (select id, bot_id, status from session where id = :id and tenant_id = :tenant for update) before
                    where s.id = before.id and s.status <> 'closed'
                    returning before.bot_id, s.message_count
                    """)
                    .param("now", Timestamp.from(clock.instant())).param("id", id).param("tenant", tenantId)
                    .query((rs, i) -> new Closed(rs.getString(1), rs.getInt(2))).optional();
            row.ifPresent(c -> outbox.add(tenantId, new SessionClosed(id.toString(), c.botId(), "closed", c.messages(),
                    clock.instant())));
            return row;
        }));
        if (closed.isEmpty()) {
            get(tenantId, id); // 404 for a session that does not exist, else it was closed already
        }
        closed.map(Closed::botId).ifPresent(b -> {
            capacity.release(tenantId, b);
            assignWaiting(tenantId);
        });
        return get(tenantId, id);
    }

    /**
     * A bot went offline: its live sessions go back to the front of the queue (their priority and age are kept)
     * and are seated again on the bots that can take them; the bot holds no seats until it returns.
     */
    void reassignFrom(String tenantId, String botId) {
        List<UUID> orphaned = jdbc.sql("""
                update session set status = 'waiting', previous_bot_id = bot_id, bot_id = null, assigned_at = null
                where tenant_id = :tenant and bot_id = :bot and status = 'assigned'
                returning id
                """)
                .param("tenant", tenantId).param("bot", botId).query(UUID.class).list();
        capacity.clear(tenantId, botId);
        if (!orphaned.isEmpty()) {
            assignWaiting(tenantId);
        }
    }

    /**
     * Moves a live session to another bot: {@code toBotId}, or the best other candidate. The new seat is taken
     * before the old one is given up, so a failed transfer leaves the session where it was.
     */
    Session transfer(String tenantId, UUID id, @Nullable String toBotId) {
        Session session = get(tenantId, id);
        if (!session.status().equals("assigned") || session.botId() == null) {
            throw ProblemException.conflict("invalid-transition", "session '" + id + "' is " + session.status()
                    + "; only an assigned session can be transferred");
        }
        String from = session.botId();
        Choice all = choose(tenantId, session, null);
        Choice choice = new Choice(all.ranked().stream().filter(r -> !r.bot().botId().equals(from))
                .filter(r -> toBotId == null || r.bot().botId().equals(toBotId)).toList(),
                toBotId == null ? all.strategy() : "requested-bot");
        String to = capacity.take(tenantId, choice.seats()).orElseThrow(() -> ProblemException.conflict("no-room",
                toBotId == null ? "no other bot that can take this session has room"
                        : "bot '" + toBotId + "' cannot take this session now (offline, unsuitable or full)"));
        boolean moved = Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<Integer> switches = jdbc.sql("""
                    update session set bot_id = :to, switch_count = switch_count + 1, switched_at = :now
                    where id = :id and tenant_id = :tenant and status = 'assigned' and bot_id = :from
                    returning switch_count
                    """)
                    .param("to", to).param("now", Timestamp.from(clock.instant())).param("id", id)
                    .param("tenant", tenantId).param("from", from).query(Integer.class).optional();
            switches.ifPresent(count -> {
                explain(tenantId, id, to, "transferred", choice);
                outbox.add(tenantId, new SessionTransferred(id.toString(), from, to, "requested", count, clock.instant()));
            });
            return switches.isPresent();
        }));
        if (!moved) {
            capacity.release(tenantId, to);
            throw ProblemException.conflict("invalid-transition", "session '" + id + "' changed while transferring");
        }
        capacity.release(tenantId, from);
        assignWaiting(tenantId);
        return get(tenantId, id);
    }

    /** Gives seats to waiting sessions, highest priority and oldest first, until one cannot be seated. */
    void assignWaiting(String tenantId) {
        List<UUID> waiting = jdbc.sql("select id from session where tenant_id = :tenant and status = 'waiting' "
                        + "order by priority desc, seq limit 100")
                .param("tenant", tenantId).query(UUID.class).list();
        for (UUID id : waiting) {
            tryAssign(tenantId, id, null);
        }
    }

    private boolean tryAssign(String tenantId, UUID sessionId, @Nullable String preferredBot) {
        Session session = get(tenantId, sessionId);
        if (!session.status().equals("waiting")) {
            return false;
        }
        Choice choice = choose(tenantId, session, preferredBot);
        Optional<String> seated = capacity.take(tenantId, choice.seats());
        if (seated.isEmpty()) {
            return false;
        }
        String bot = seated.get();
        Instant now = clock.instant();
        boolean assigned = Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<String> previous = jdbc.sql("""
                    update session s set status = 'assigned', bot_id = :bot, assigned_at = :now, previous_bot_id = null,
                           switch_count = s.switch_count + case when before.previous_bot_id is null then 0 else 1 end,
                           switched_at = case when before.previous_bot_id is null then s.switched_at else :now end
                    from (select id, previous_bot_id from session where id = :id for update) before
                    where s.id = before.id and s.status = 'waiting'
                      and exists (select 1 from fleet_bot f where f.tenant_id = :tenant and f.bot_id = :bot
                                  and f.status = 'online' and f.enabled)
                    returning coalesce(before.previous_bot_id, '')
                    """)
                    .param("bot", bot).param("now", Timestamp.from(now)).param("id", sessionId).param("tenant", tenantId)
                    .query(String.class).optional();
            previous.ifPresent(from -> {
                if (from.isEmpty()) {
                    explain(tenantId, sessionId, bot, "assigned", choice);
                    outbox.add(tenantId, new SessionAssigned(sessionId.toString(), bot, null, session.userId(),
                            session.priority() >= URGENT ? "urgent" : "normal", choice.strategy(),
                            Duration.between(session.createdAt(), now).toMillis(), now));
                } else {
                    explain(tenantId, sessionId, bot, "reassigned", choice);
                    outbox.add(tenantId, new SessionTransferred(sessionId.toString(), from, bot, "bot-offline",
                            session.switchCount() + 1, now));
                }
            });
            return previous.isPresent();
        }));
        if (!assigned) {
            // Seated by another replica, closed, or the bot went offline meanwhile: give the seat back.
            capacity.release(tenantId, bot);
        }
        return assigned;
    }

    /**
     * Ranks the session's candidates: urgent sessions by health, others by their group's strategy; then the bot the
     * caller prefers (the one that reported a new conversation), else the user's previous bot while it is healthy,
     * goes first.
     */
    Choice choose(String tenantId, Session session, @Nullable String preferredBot) {
        List<FleetBot> bots = fleet.available(tenantId, session.groupId(), session.capabilities(), capacity.loads(tenantId));
        boolean urgent = session.priority() >= URGENT;
        Strategy strategy = urgent ? Strategy.HIGHEST_HEALTH : fleet.strategyFor(tenantId, session.groupId());
        long turn = strategy == Strategy.WEIGHTED_ROUND_ROBIN ? capacity.nextTurn(tenantId, session.groupId()) : 0;
        List<Ranking.Ranked> ranked = new ArrayList<>(Ranking.rank(bots, strategy, turn));
        String label = (urgent ? "urgent:" : "") + strategy.id();
        Optional<String> first = Optional.ofNullable(preferredBot).map(b -> Map.entry(b, "reporting-bot"))
                .or(() -> previousBot(tenantId, session.userId()).map(b -> Map.entry(b, "affinity")))
                .flatMap(entry -> ranked.stream().filter(r -> r.bot().botId().equals(entry.getKey()))
                        .filter(r -> entry.getValue().equals("reporting-bot") || r.bot().healthOrDefault() >= HEALTHY)
                        .findFirst().map(r -> {
                            ranked.remove(r);
                            ranked.addFirst(r);
                            return entry.getValue();
                        }));
        return new Choice(ranked, first.map(f -> f + "," + label).orElse(label));
    }

    private void explain(String tenantId, UUID sessionId, String bot, String kind, Choice choice) {
        jdbc.sql("""
                insert into assignment_decision (tenant_id, session_id, bot_id, kind, strategy, candidates, decided_at)
                values (:tenant, :session, :bot, :kind, :strategy, cast(:candidates as jsonb), :now)
                """)
                .param("tenant", tenantId).param("session", sessionId).param("bot", bot).param("kind", kind)
                .param("strategy", choice.strategy()).param("candidates", candidatesJson(choice))
                .param("now", Timestamp.from(clock.instant())).update();
    }

    /** A candidate as an explanation shows it. */
    private record Explained(String botId, double score, int sessions, int maxSessions, int weight,
            @Nullable Double healthScore, @Nullable Double avgResponseMs) {
    }

    /** The best {@link #EXPLAINED} candidates with their figures, as JSON. */
    private String candidatesJson(Choice choice) {
        List<Explained> candidates = new ArrayList<>(EXPLAINED);
        for (Ranking.Ranked r : choice.ranked().subList(0, Math.min(EXPLAINED, choice.ranked().size()))) {
            FleetBot b = r.bot();
            candidates.add(new Explained(b.botId(), r.score(), b.held(), b.maxSessions(), b.weight(), b.healthScore(),
                    b.avgResponseMs()));
        }
        return json.writeValueAsString(candidates);
    }

    record Decision(String botId, String kind, String strategy, Object candidates, Instant decidedAt) {
    }

    /** Why the session went where it went, oldest decision first. */
    List<Decision> decisions(String tenantId, UUID sessionId) {
        get(tenantId, sessionId);
        return jdbc.sql("""
                select bot_id, kind, strategy, candidates::text, decided_at from assignment_decision
                where tenant_id = :tenant and session_id = :session order by id
                """)
                .param("tenant", tenantId).param("session", sessionId)
                .query((rs, i) -> new Decision(rs.getString(1), rs.getString(2), rs.getString(3),
                        json.readValue(rs.getString(4), List.class), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** Each user's previous bot ({@link #previousBot}) for many users in one query; users without one are absent. */
    private Map<String, String> previousBots(String tenantId, List<String> userIds) {
        Map<String, String> previous = new HashMap<>();
        jdbc.sql("""
                select distinct on (user_id) user_id, coalesce(bot_id, previous_bot_id) from session
                where tenant_id = :tenant and user_id = any(cast(:users as text[]))
                  and coalesce(bot_id, previous_bot_id) is not null
                order by user_id, created_at desc
                """)
                .param("tenant", tenantId).param("users", userIds.toArray(String[]::new))
                .query((rs, i) -> previous.put(rs.getString(1), rs.getString(2))).list();
        return previous;
    }

    private Optional<String> previousBot(String tenantId, String userId) {
        return jdbc.sql("select coalesce(bot_id, previous_bot_id) from session where tenant_id = :tenant and user_id = :user "
                        + "and coalesce(bot_id, previous_bot_id) is not null order by created_at desc limit 1")
                .param("tenant", tenantId).param("user", userId).query(String.class).optional();
    }

    Session get(String tenantId, UUID id) {
        Session session = jdbc.sql("""
                select id, user_id, group_id, capabilities, priority, status, bot_id, mode, human_agent, created_at,
                       assigned_at, closed_at, switch_count, seq
                from session where tenant_id = :tenant and id = :id
                """)
                .param("tenant", tenantId).param("id", id)
                .query((rs, i) -> new Session(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getInt(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), instant(rs.getTimestamp(11)),
                        instant(rs.getTimestamp(12)), rs.getInt(13), (int) rs.getLong(14)))
                .optional().orElseThrow(() -> ProblemException.notFound("session", id.toString()));
        if (!session.status().equals("waiting")) {
            return withPosition(session, null);
        }
        long seq = Objects.requireNonNullElse(session.queuePosition(), 0);
        int ahead = jdbc.sql("""
                select count(*) from session where tenant_id = :tenant and status = 'waiting'
                  and (priority > :priority or (priority = :priority and seq < :seq))
                """)
                .param("tenant", tenantId).param("priority", session.priority()).param("seq", seq)
                .query(Integer.class).single();
        return withPosition(session, ahead + 1);
    }

    private static Session withPosition(Session s, @Nullable Integer position) {
        return new Session(s.id(), s.userId(), s.groupId(), s.capabilities(), s.priority(), s.status(), s.botId(),
                s.mode(), s.humanAgent(), s.createdAt(), s.assignedAt(), s.closedAt(), s.switchCount(), position);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
