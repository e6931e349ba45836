package io.bothub.sdk;

/**
 * What a bot receives once, at registration. Keep both secrets in the bot's secret store: BotHub never shows them
 * again.
 */
public record BotCredentials(String tenantId, String botId, String apiKey, String webhookSecret) {

    @Override
    public String toString() {
        return "BotCredentials[tenantId=" + tenantId + ", botId=" + botId + "]";
    }
}
