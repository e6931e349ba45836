package io.bothub.task.bots;

/** Told, inside the transaction that records it, that a bot went offline. */
public interface BotWentOffline {

    void botWentOffline(String tenantId, String botId);
}
