package io.bothub.routing.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

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
class Assignments {

    /** At or above this priority a session is urgent. */
    static final int URGENT = 90;
    /** Affinity holds only while the previous bot's health score is at least this. */
    static final double HEALTHY = 60.0;
    /** An explanation keeps the best candidates, not a fleet of thousands per decision. */
    static final int EXPLAINED = 10;

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

    Assignments(JdbcClient jdbc, SessionCapacity capacity, Fleet fleet, Outbox outbox, TransactionOperations transactions,
            Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.capacity = capacity;
        this.fleet = fleet;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Opens a session and seats it at once when a bot has room: the choice and the seat come first, then the session's
     * row, its explanation and its event are written in one transaction.
     */
    Session open(String tenantId, Request request) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Session fresh = new Session(id, request.userId(), request.groupId(), request.capabilities(), request.priority(),
                "waiting", null, "ai", null, now, null, null, 0, null);
        Choice choice = choose(tenantId, fresh, null);
        Optional<String> seat = capacity.take(tenantId, choice.seats());
        boolean seated;
        try {
            seated = Boolean.TRUE.equals(transactions.execute(tx -> {
                // Seated only if the bot is still online by the view (another replica may have just taken it off);
                // otherwise the session waits.
                String status = jdbc.sql("""
                        with seat as (select f.bot_id from fleet_bot f where f.tenant_id = :tenant and f.bot_id = :bot
                                      and f.status = 'online' and f.enabled)
                        insert into session (id, tenant_id, user_id, group_id, capabilities, priority, status, bot_id,
                                             created_at, assigned_at)
                        select :id, :tenant, :user, :group, :capabilities, :priority,
                               case when seat.bot_id is null then 'waiting' else 'assigned' end, seat.bot_id, :now,
                               case when seat.bot_id is null then null else cast(:now as timestamptz) end
                        from (select 1) one left join seat on true
                        returning status
                        """)
                        .param("id", id).param("tenant", tenantId).param("user", request.userId())
                        .param("group", request.groupId()).param("capabilities", request.capabilities().toArray(String[]::new))
                        .param("priority", request.priority()).param("bot", seat.orElse(null))
                        .param("now", Timestamp.from(now)).query(String.class).single();
                if (status.equals("waiting")) {
                    return false;
                }
                explain(tenantId, id, seat.get(), "assigned", choice);
                outbox.add(tenantId, new SessionAssigned(id.toString(), seat.get(), null, request.userId(),
                        request.priority() >= URGENT ? "urgent" : "normal", choice.strategy(), 0, now));
                return true;
            }));
        } catch (RuntimeException e) {
            seat.ifPresent(bot -> capacity.release(tenantId, bot));
            throw e;
        }
        if (seated) {
            return new Session(id, request.userId(), request.groupId(), request.capabilities(), request.priority(),
                    "assigned", seat.get(), "ai", null, now, now, null, 0, null);
        }
        if (seat.isPresent()) {
            capacity.release(tenantId, seat.get());
            tryAssign(tenantId, id, null);
        }
        return get(tenantId, id);
    }

    /**
     * Opens the session of a conversation first seen in a bot's message: the bot that reported it goes first if it
     * has room. Two messages of a new conversation arriving at once open it once (the conversation id is unique).
     */
    UUID openFor(String tenantId, String conversationId, String userId, String reportingBot) {
        UUID id = UUID.randomUUID();
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
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Ranking.Ranked r : choice.ranked().subList(0, Math.min(EXPLAINED, choice.ranked().size()))) {
            Map<String, Object> candidate = new LinkedHashMap<>();
            candidate.put("botId", r.bot().botId());
            candidate.put("score", r.score());
            candidate.put("sessions", r.bot().held());
            candidate.put("maxSessions", r.bot().maxSessions());
            candidate.put("weight", r.bot().weight());
            candidate.put("healthScore", r.bot().healthScore());
            candidate.put("avgResponseMs", r.bot().avgResponseMs());
            candidates.add(candidate);
        }
        jdbc.sql("""
                insert into assignment_decision (tenant_id, session_id, bot_id, kind, strategy, candidates, decided_at)
                values (:tenant, :session, :bot, :kind, :strategy, cast(:candidates as jsonb), :now)
                """)
                .param("tenant", tenantId).param("session", sessionId).param("bot", bot).param("kind", kind)
                .param("strategy", choice.strategy()).param("candidates", json.writeValueAsString(candidates))
                .param("now", Timestamp.from(clock.instant())).update();
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
