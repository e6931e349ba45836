package io.bothub.bot.registry;

/**
 * What a bot gets back once, at registration. The API key and webhook secret are never shown again.
 */
record Registration(String tenantId, String botId, String apiKey, String apiKeyPrefix, String webhookSecret,
        String status) {

    /** Never prints the secrets, so a stray log line cannot leak them. */
    @Override
    public String toString() {
        return "Registration[tenantId=" + tenantId + ", botId=" + botId + ", apiKeyPrefix=" + apiKeyPrefix + "]";
    }
}
