package io.bothub.task.assignment;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.task.bots.BotWentOffline;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.Transitions;

/**
 * The offline policy. A task assigned to or running on a bot that goes offline goes back to {@code pending} once
 * (reason {@code bot-offline}) and is announced again on task.created, so routing-service chooses a bot anew (a
 * task whose requester chose the bot is given back to that bot, which receives it when it pulls again). If its bot
 * goes offline a second time, the task fails with reason {@code bot-offline}. Runs in the transaction that records
 * the bot's status, which Kafka hands to one replica, once.
 */
@Component
class Reassignment implements BotWentOffline {

    private final JdbcClient jdbc;
    private final Transitions transitions;

    Reassignment(JdbcClient jdbc, Transitions transitions) {
        this.jdbc = jdbc;
        this.transitions = transitions;
    }

    @Override
    public void botWentOffline(String tenantId, String botId) {
        List<UUID> held = jdbc.sql("""
                select id from task where tenant_id = :tenant and bot_id = :bot and status in ('assigned', 'running')
                order by seq
                """)
                .param("tenant", tenantId).param("bot", botId).query(UUID.class).list();
        Set<String> holding = Set.of(Task.ASSIGNED, Task.RUNNING);
        for (UUID id : held) {
            int requeues = jdbc.sql("select offline_requeues from task where id = :id").param("id", id)
                    .query(Integer.class).single();
            if (requeues == 0) {
                transitions.move(tenantId, id, holding,
                                Transitions.Change.to(Task.PENDING, "bot-offline", "system").countingOfflineRequeue())
                        .ifPresent(moved -> transitions.ready(moved.task(), "system"));
            } else {
                transitions.move(tenantId, id, holding,
                        Transitions.Change.to(Task.FAILED, "bot-offline", "system").failing("bot-offline"));
            }
        }
    }
}
