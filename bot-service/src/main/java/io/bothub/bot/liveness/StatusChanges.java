package io.bothub.bot.liveness;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.bot.BotStatusChanged;
import io.bothub.support.outbox.Outbox;

/**
 * Makes a status change durable: the bot's current status, a history row and a {@code BotStatusChanged} event,
 * in one transaction. A change older than the one stored (a lower sequence) is ignored, so replicas that write
 * out of order still leave the newest status.
 */
@Component
class StatusChanges {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    StatusChanges(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Returns whether the change was applied (false when stale or the bot no longer exists). */
    @Transactional
    boolean apply(StatusTransition transition, String reason, String changedBy) {
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                update bot set status = :to, status_version = :seq, status_changed_at = :at
                where tenant_id = :tenant and bot_id = :bot and status_version < :seq
                """)
                .param("to", transition.to())
                .param("seq", transition.sequence())
                .param("at", Timestamp.from(now))
                .param("tenant", transition.bot().tenantId())
                .param("bot", transition.bot().botId())
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("""
                insert into bot_status_history (tenant_id, bot_id, old_status, new_status, reason, changed_by, changed_at)
                values (:tenant, :bot, :from, :to, :reason, :by, :at)
                """)
                .param("tenant", transition.bot().tenantId())
                .param("bot", transition.bot().botId())
                .param("from", transition.from())
                .param("to", transition.to())
                .param("reason", reason)
                .param("by", changedBy)
                .param("at", Timestamp.from(now))
                .update();
        outbox.add(transition.bot().tenantId(), new BotStatusChanged(transition.bot().botId(), transition.from(),
                transition.to(), reason, changedBy, now));
        return true;
    }
}
