package io.bothub.routing.fleet;

/**
 * Published inside routing-service once the fleet view stored a bot's new status: sessions react to it (an
 * offline bot's sessions are reassigned, an online bot can take waiting ones).
 */
public record BotAvailabilityChanged(String tenantId, String botId, String status) {

    public boolean online() {
        return "online".equals(status);
    }
}
