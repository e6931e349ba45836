package io.bothub.routing.sessions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.bothub.support.web.ProblemException;

/**
 * Assigns sessions to bots. The candidates are the tenant's online, enabled bots of the session's group that have
 * every capability it needs; the user's previous bot goes first while it qualifies (affinity), then the least
 * loaded, the heavier weight breaking ties. The seat itself is taken atomically in Redis ({@link SessionCapacity});
 * a session no bot has room for waits, by priority then age, and takes the first seat that frees up.
 */
@Service
class Assignments {

    record Session(UUID id, String userId, @Nullable String groupId, List<String> capabilities, int priority,
            String status, @Nullable String botId, Instant createdAt, @Nullable Instant assignedAt,
            @Nullable Instant closedAt, int switchCount, @Nullable Integer queuePosition) {
    }

    record Request(String userId, @Nullable String groupId, List<String> capabilities, int priority) {
    }

    private record Bot(String botId, int maxSessions, int weight) {
    }

    private final JdbcClient jdbc;
    private final SessionCapacity capacity;
    private final Clock clock;

    Assignments(JdbcClient jdbc, SessionCapacity capacity, Clock clock) {
        this.jdbc = jdbc;
        this.capacity = capacity;
        this.clock = clock;
    }

    Session open(String tenantId, Request request) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into session (id, tenant_id, user_id, group_id, capabilities, priority, status, created_at)
                values (:id, :tenant, :user, :group, :capabilities, :priority, 'waiting', :now)
                """)
                .param("id", id).param("tenant", tenantId).param("user", request.userId()).param("group", request.groupId())
                .param("capabilities", request.capabilities().toArray(String[]::new)).param("priority", request.priority())
                .param("now", Timestamp.from(clock.instant())).update();
        tryAssign(tenantId, id);
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
        Session session = get(tenantId, id);
        List<SessionCapacity.Candidate> candidates = new ArrayList<>(candidates(tenantId, session));
        candidates.stream().filter(c -> c.botId().equals(reportingBot)).findFirst().ifPresent(reporter -> {
            candidates.remove(reporter);
            candidates.addFirst(reporter);
        });
        capacity.take(tenantId, candidates).ifPresent(bot -> jdbc.sql(
                        "update session set status = 'assigned', bot_id = :bot, assigned_at = :now where id = :id and status = 'waiting'")
                .param("bot", bot).param("now", Timestamp.from(clock.instant())).param("id", id).update());
        return id;
    }

    /** Closes a session; its seat goes to the sessions waiting for one. */
    Session close(String tenantId, UUID id) {
        Optional<String> bot = jdbc.sql("""
                update session s set status = 'closed', closed_at = :now
                from (select id, bot_id, status from session where id = :id and tenant_id = :tenant for update) before
                where s.id = before.id and s.status <> 'closed'
                returning before.bot_id
                """)
                .param("now", Timestamp.from(clock.instant())).param("id", id).param("tenant", tenantId)
                .query(String.class).optional();
        if (bot.isEmpty()) {
            get(tenantId, id); // 404 for a session that does not exist, else it was closed already
        }
        bot.filter(Objects::nonNull).ifPresent(b -> {
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
                update session set status = 'waiting', bot_id = null, assigned_at = null,
                       switch_count = switch_count + 1, switched_at = :now
                where tenant_id = :tenant and bot_id = :bot and status = 'assigned'
                returning id
                """)
                .param("now", Timestamp.from(clock.instant())).param("tenant", tenantId).param("bot", botId)
                .query(UUID.class).list();
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
        List<SessionCapacity.Candidate> candidates = candidates(tenantId, session).stream()
                .filter(c -> !c.botId().equals(session.botId()))
                .filter(c -> toBotId == null || c.botId().equals(toBotId))
                .toList();
        String from = session.botId();
        String to = capacity.take(tenantId, candidates).orElseThrow(() -> ProblemException.conflict("no-room",
                toBotId == null ? "no other bot that can take this session has room"
                        : "bot '" + toBotId + "' cannot take this session now (offline, unsuitable or full)"));
        int moved = jdbc.sql("""
                update session set bot_id = :to, switch_count = switch_count + 1, switched_at = :now
                where id = :id and tenant_id = :tenant and status = 'assigned' and bot_id = :from
                """)
                .param("to", to).param("now", Timestamp.from(clock.instant())).param("id", id)
                .param("tenant", tenantId).param("from", from).update();
        if (moved == 0) {
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
            tryAssign(tenantId, id);
        }
    }

    private boolean tryAssign(String tenantId, UUID sessionId) {
        Session session = get(tenantId, sessionId);
        if (!session.status().equals("waiting")) {
            return false;
        }
        List<SessionCapacity.Candidate> candidates = candidates(tenantId, session);
        Optional<String> seated = capacity.take(tenantId, candidates);
        if (seated.isEmpty()) {
            return false;
        }
        int updated = jdbc.sql("update session set status = 'assigned', bot_id = :bot, assigned_at = :now "
                        + "where id = :id and status = 'waiting'")
                .param("bot", seated.get()).param("now", Timestamp.from(clock.instant())).param("id", sessionId).update();
        if (updated == 0) {
            // Seated by another replica or closed meanwhile: give the seat back.
            capacity.release(tenantId, seated.get());
            return false;
        }
        return true;
    }

    List<SessionCapacity.Candidate> candidates(String tenantId, Session session) {
        List<Bot> bots = jdbc.sql("""
                select bot_id, max_concurrent_sessions, weight from fleet_bot
                where tenant_id = :tenant and status = 'online' and enabled
                  and (cast(:group as text) is null or group_id = :group) and capabilities @> cast(:capabilities as text[])
                """)
                .param("tenant", tenantId).param("group", session.groupId())
                .param("capabilities", session.capabilities().toArray(String[]::new))
                .query((rs, i) -> new Bot(rs.getString(1), rs.getInt(2), rs.getInt(3))).list();
        Map<String, Integer> loads = capacity.loads(tenantId);
        List<Bot> ordered = new ArrayList<>(bots);
        ordered.sort(Comparator.<Bot>comparingInt(b -> loads.getOrDefault(b.botId(), 0)).thenComparing(Bot::weight,
                Comparator.reverseOrder()).thenComparing(Bot::botId));
        previousBot(tenantId, session.userId()).flatMap(previous -> ordered.stream()
                        .filter(b -> b.botId().equals(previous)).findFirst())
                .ifPresent(previous -> {
                    ordered.remove(previous);
                    ordered.addFirst(previous);
                });
        return ordered.stream().map(b -> new SessionCapacity.Candidate(b.botId(), b.maxSessions())).toList();
    }

    private Optional<String> previousBot(String tenantId, String userId) {
        return jdbc.sql("select bot_id from session where tenant_id = :tenant and user_id = :user and bot_id is not null "
                        + "order by created_at desc limit 1")
                .param("tenant", tenantId).param("user", userId).query(String.class).optional();
    }

    Session get(String tenantId, UUID id) {
        Session session = jdbc.sql("""
                select id, user_id, group_id, capabilities, priority, status, bot_id, created_at, assigned_at, closed_at, seq,
                       switch_count
                from session where tenant_id = :tenant and id = :id
                """)
                .param("tenant", tenantId).param("id", id)
                .query((rs, i) -> new Session(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getInt(5), rs.getString(6), rs.getString(7),
                        rs.getTimestamp(8).toInstant(), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)),
                        rs.getInt(12), (int) rs.getLong(11)))
                .optional().orElseThrow(() -> ProblemException.notFound("session", id.toString()));
        if (!session.status().equals("waiting")) {
            return withPosition(session, null);
        }
        long seq = session.queuePosition() == null ? 0 : session.queuePosition();
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
                s.createdAt(), s.assignedAt(), s.closedAt(), s.switchCount(), position);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
