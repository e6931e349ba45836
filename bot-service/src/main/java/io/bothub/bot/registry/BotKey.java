package io.bothub.bot.registry;

import java.io.Serializable;

/** A bot's identity: its id within its tenant. */
public record BotKey(String tenantId, String botId) implements Serializable {

    /** JPA fills the fields reflectively; it needs this constructor. */
    public BotKey() {
        this("", "");
    }
}
