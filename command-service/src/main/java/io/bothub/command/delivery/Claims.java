package io.bothub.command.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.GenericPlans;
import io.bothub.command.queue.Command;
import io.bothub.command.queue.QueueSignal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes due commands out of the queue for this replica, safely beside other replicas. A bot's commands are taken as
 * a window: its next few due ones, highest priority then oldest first, which the dispatcher pushes one after another
 * without a round trip to the database between them. Taking a window marks its bot's row in flight until the
 * window's last command is recorded, and bot rows are locked with SKIP LOCKED, so two replicas never take the same
 * bot, hence never the same command, and a bot's commands leave in order. Times come from the database so replicas'
 * clocks do not matter.
 */
@Component
class Claims {

    /** A command taken for pushing, with what is needed to reach its bot. */
    record Claim(Command command, String webhookUrl, Instant endpointAnnouncedAt) {
    }

    /**
     * One bot's commands taken together, in the order they are to be pushed. The last one marks the bot in flight:
     * recording it (or a failure that ends the window early) frees the bot.
     */
    record Window(List<Claim> claims) {

        Window {
            claims = List.copyOf(claims);
            if (claims.isEmpty()) {
                throw new IllegalArgumentException("a window holds at least one command");
            }
        }

        String tenantId() {
            return claims.getFirst().command().tenantId();
        }

        String botId() {
            return claims.getFirst().command().botId();
        }

        /** The command whose record frees the bot. */
        UUID marker() {
            return claims.getLast().command().id();
        }
    }

    /** The due commands ({@code c}) of the bot {@code b}: queued, not scheduled for later, not expired. */
    private static final String DUE_FOR_BOT_B = """
            c.tenant_id = b.tenant_id and c.bot_id = b.bot_id and c.status = 'queued'
              and (c.not_before is null or c.not_before <= now())
              and (c.expires_at is null or c.expires_at > now())""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Claims(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Takes a window of due commands of up to {@code limit} free bots, the bots with the highest priority first. */
    @Transactional
    List<Window> takeForPush(String owner, int limit, int window, Duration lease) {
        return take(owner, limit, window, lease, "", null, null);
    }

    /**
     * Takes a window of due commands of each of these bots that is free: called in the transaction that frees them,
     * so a busy bot's next commands leave without waiting for a dispatch round.
     */
    @Transactional
    List<Window> takeNextFor(String owner, int window, Duration lease, String[] tenants, String[] bots) {
        return take(owner, bots.length, window, lease,
                "and (b.tenant_id, b.bot_id) in (select * from unnest(cast(:tenants as text[]), cast(:bots as text[])))",
                tenants, bots);
    }

    private List<Window> take(String owner, int limit, int window, Duration lease, String onlyThese,
            String @Nullable [] tenants, String @Nullable [] bots) {
        GenericPlans.forThisTransaction(jdbc);
        var statement = jdbc.sql("""
                with free as (
                    -- Free bots with a due command, the most urgent first. Each bot's next command is read from the
                    -- queue index one bot at a time: the cost is per bot, not per queued command, however long a
                    -- dead bot's backlog grows.
                    select b.tenant_id, b.bot_id, b.webhook_url, b.endpoint_at
                    from bot_endpoint b
                    cross join lateral (
                        select c.priority, c.seq from command c
                        where\s""" + DUE_FOR_BOT_B + """

                        order by c.priority desc, c.seq
                        limit 1
                    ) h
                    where b.in_flight_command is null and b.ready_at <= now() and b.status <> 'offline'
                      and b.webhook_url is not null and not b.endpoint_gone
                """ + onlyThese + """

                    order by h.priority desc, h.seq
                    limit :limit
                    for update of b skip locked
                ), queue as (
                    -- Each of these bots' window: its next due commands, numbered in the order they leave.
                    select b.tenant_id, b.bot_id, b.webhook_url, b.endpoint_at, w.id, w.place
                    from free b
                    cross join lateral (
                        select n.id, row_number() over (order by n.priority desc, n.seq) as place
                        from (
                            select c.id, c.priority, c.seq from command c
                            where\s""" + DUE_FOR_BOT_B + """

                            order by c.priority desc, c.seq
                            limit :window
                            -- Locked as read, so the update below needs no second look at their status (a command
                            -- cancelled since this statement's snapshot is skipped here, on the re-check of its
                            -- lock). A status condition there would let the planner reach the rows through the
                            -- partial queue index: with statistics gathered when no command was queued, it scanned
                            -- the whole queue once per command taken (24.6 s for one statement with 20,000 queued).
                            for update of c
                        ) n
                    ) w
                ), sending as (
                    update command c set status = 'sending', attempts = c.attempts + 1, lease_owner = :owner,
                           lease_until = now() + :leaseMillis * interval '1 millisecond', updated_at = now()
                    from queue q where c.id = q.id
                    returning\s""" + Command.columnsOf("c") + """
                , q.webhook_url, q.endpoint_at, q.place
                ), marked as (
                    -- The last command taken marks the bot in flight.
                    update bot_endpoint b set in_flight_command = m.id,
                           in_flight_until = now() + :leaseMillis * interval '1 millisecond'
                    from (select distinct on (tenant_id, bot_id) tenant_id, bot_id, id from sending
                          order by tenant_id, bot_id, place desc) m
                    where b.tenant_id = m.tenant_id and b.bot_id = m.bot_id
                )
                select * from sending order by tenant_id, bot_id, place
                """)
                .param("limit", limit).param("window", window).param("owner", owner)
                .param("leaseMillis", lease.toMillis());
        if (tenants != null) {
            statement = statement.param("tenants", tenants).param("bots", bots);
        }
        List<Claim> taken = statement
                .query((rs, i) -> new Claim(Command.from(rs, json), rs.getString(21), rs.getTimestamp(22).toInstant()))
                .list();
        return windows(taken);
    }

    /** Rows come bot by bot, each bot's in order: one window per bot. */
    private static List<Window> windows(List<Claim> taken) {
        return taken.stream()
                .collect(Collectors.groupingBy(c -> new QueueSignal.Bot(c.command().tenantId(), c.command().botId()),
                        LinkedHashMap::new, Collectors.toList()))
                .values().stream().map(Window::new).toList();
    }

    /**
     * Gives the bot back to the dispatchers, optionally not before {@code readyAt}, if it is still marked in flight
     * for {@code marker} (the last command of the window it was taken for).
     */
    void freeBot(String tenantId, String botId, UUID marker, Instant readyAt) {
        jdbc.sql("""
                update bot_endpoint set in_flight_command = null, in_flight_until = null,
                       ready_at = greatest(ready_at, :readyAt)
                where tenant_id = :tenant and bot_id = :bot and in_flight_command = :command
                """)
                .param("readyAt", Timestamp.from(readyAt)).param("tenant", tenantId)
                .param("bot", botId).param("command", marker).update();
    }
}
