package io.bothub.command.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.GenericPlans;
import io.bothub.command.queue.Command;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes due commands out of the queue for this replica, safely beside other replicas. A bot gets one command at a
 * time: taking a command marks its bot's row in flight, and the bot rows are locked with SKIP LOCKED, so two
 * replicas never take the same bot, hence never the same command, and a bot's commands leave in order (its
 * highest priority, then oldest, first). Times come from the database so replicas' clocks do not matter.
 */
@Component
class Claims {

    /** A command taken for pushing, with what is needed to reach its bot. */
    record Claim(Command command, String webhookUrl, Instant endpointAnnouncedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Claims(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Takes the next due command of up to {@code limit} free bots, highest priority first. */
    @Transactional
    List<Claim> takeForPush(String owner, int limit, Duration lease) {
        return take(owner, limit, lease, "", null, null);
    }

    /**
     * Takes the next due command of each of these bots that is free: called in the transaction that frees them,
     * so a busy bot's next command leaves without waiting for a dispatch round.
     */
    @Transactional
    List<Claim> takeNextFor(String owner, Duration lease, String[] tenants, String[] bots) {
        return take(owner, bots.length, lease,
                "and (b.tenant_id, b.bot_id) in (select * from unnest(cast(:tenants as text[]), cast(:bots as text[])))",
                tenants, bots);
    }

    private List<Claim> take(String owner, int limit, Duration lease, String onlyThese, String @Nullable [] tenants,
            String @Nullable [] bots) {
        GenericPlans.forThisTransaction(jdbc);
        var statement = jdbc.sql("""
                with free as (
                    -- Each free bot's next command, read from the queue index one bot at a time: the cost is per
                    -- bot, not per queued command, however long a dead bot's backlog grows.
                    select b.tenant_id, b.bot_id, h.id
                    from bot_endpoint b
                    cross join lateral (
                        select c.id, c.priority, c.seq from command c
                        where c.tenant_id = b.tenant_id and c.bot_id = b.bot_id and c.status = 'queued'
                          and (c.not_before is null or c.not_before <= now())
                          and (c.expires_at is null or c.expires_at > now())
                        order by c.priority desc, c.seq
                        limit 1
                    ) h
                    where b.in_flight_command is null and b.ready_at <= now() and b.status <> 'offline'
                      and b.webhook_url is not null and not b.endpoint_gone
                """ + onlyThese + """

                    order by h.priority desc, h.seq
                    limit :limit
                    for update of b skip locked
                ), taken as (
                    update bot_endpoint b set in_flight_command = f.id, in_flight_until = now() + :leaseMillis * interval '1 millisecond'
                    from free f where b.tenant_id = f.tenant_id and b.bot_id = f.bot_id
                    returning f.id, b.webhook_url, b.endpoint_at
                )
                update command c set status = 'sending', attempts = c.attempts + 1, lease_owner = :owner,
                       lease_until = now() + :leaseMillis * interval '1 millisecond', updated_at = now()
                from taken t where c.id = t.id and c.status = 'queued'
                returning\s""" + Command.columnsOf("c") + ", t.webhook_url, t.endpoint_at")
                .param("limit", limit).param("owner", owner).param("leaseMillis", lease.toMillis());
        if (tenants != null) {
            statement = statement.param("tenants", tenants).param("bots", bots);
        }
        return statement
                .query((rs, i) -> new Claim(Command.from(rs, json), rs.getString(21), rs.getTimestamp(22).toInstant()))
                .list();
    }

    /** Gives the bot back to the dispatchers, optionally not before {@code readyAt}. */
    void freeBot(String tenantId, String botId, UUID commandId, Instant readyAt) {
        jdbc.sql("""
                update bot_endpoint set in_flight_command = null, in_flight_until = null,
                       ready_at = greatest(ready_at, :readyAt)
                where tenant_id = :tenant and bot_id = :bot and in_flight_command = :command
                """)
                .param("readyAt", Timestamp.from(readyAt)).param("tenant", tenantId)
                .param("bot", botId).param("command", commandId).update();
    }
}
