package io.bothub.command.delivery;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.command.queue.Command;
import io.bothub.command.queue.StateChanges;

/** Hands a pulling bot its next due command: highest priority, then oldest; taken once even with several pulls. */
@Component
class Pulls {

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final DeliveryRecords records;

    Pulls(JdbcClient jdbc, StateChanges states, DeliveryRecords records) {
        this.jdbc = jdbc;
        this.states = states;
        this.records = records;
    }

    @Transactional
    Optional<Command> next(String tenantId, String botId) {
        Optional<UUID> head = jdbc.sql("""
                select id from command
                where tenant_id = :tenant and bot_id = :bot and status = 'queued'
                  and (not_before is null or not_before <= now()) and (expires_at is null or expires_at > now())
                order by priority desc, seq
                limit 1
                for update skip locked
                """)
                .param("tenant", tenantId).param("bot", botId).query(UUID.class).optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("update command set attempts = attempts + 1, delivered_via = 'pull' where id = :id")
                .param("id", head.get()).update();
        Optional<Command> sent = states.move(tenantId, head.get(), Set.of(Command.QUEUED), Command.SENT, "pulled", null, null);
        sent.ifPresent(command -> records.log(command, 0, 0, "pulled", null));
        return sent;
    }
}
