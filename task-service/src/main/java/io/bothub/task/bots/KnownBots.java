package io.bothub.task.bots;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What task-service knows of a tenant's bots. */
@Component
public class KnownBots {

    /** A bot as this view holds it. */
    public record Bot(String botId, String status, boolean enabled) {
    }

    private final JdbcClient jdbc;

    KnownBots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's bot, if bot-service has announced it. */
    public Optional<Bot> find(String tenantId, String botId) {
        return jdbc.sql("select bot_id, status, enabled from task_bot where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", tenantId).param("bot", botId)
                .query((rs, i) -> new Bot(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional();
    }
}
