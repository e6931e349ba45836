package io.bothub.bot.registry;

import org.springframework.data.jpa.repository.JpaRepository;

/** The registry's bots. Every lookup names the tenant. */
public interface Bots extends JpaRepository<Bot, BotKey> {

    boolean existsByTenantIdAndBotId(String tenantId, String botId);
}
