package io.bothub.bot.registry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.ProblemException;
import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;

/**
 * Issues a bot new credentials. The old API key and webhook secret keep working for a grace period, so a bot
 * fleet can roll the new ones out without a gap; a second rotation ends the first one's grace at once.
 */
@Service
class RotatingCredentials {

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final BotAuthenticator authenticator;
    private final WebhookSecrets secrets;
    private final EndpointAnnouncements endpoints;
    private final Clock clock;
    private final Duration grace;

    RotatingCredentials(JdbcClient jdbc, SecretSealer sealer, BotAuthenticator authenticator, WebhookSecrets secrets,
            EndpointAnnouncements endpoints, Clock clock,
            @Value("${bothub.bot.credentials-grace:24h}") Duration grace) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.authenticator = authenticator;
        this.secrets = secrets;
        this.endpoints = endpoints;
        this.clock = clock;
        this.grace = grace;
    }

    @Transactional
    RotatedCredentials rotate(String tenantId, String botId) {
        BotKey bot = new BotKey(tenantId, botId);
        String previousSecret = secrets.currentSecretIfRegistered(bot);
        if (previousSecret == null) {
            throw ProblemException.notFound("bot", botId);
        }
        String apiKey = Credentials.newApiKey();
        String webhookSecret = Credentials.newWebhookSecret();
        SealedSecret sealed = sealer.seal(webhookSecret);
        Instant until = clock.instant().plus(grace);
        int updated = jdbc.sql("""
                update bot set
                    previous_api_key_hash = api_key_hash,
                    previous_webhook_secret_sealed = webhook_secret_sealed,
                    previous_webhook_secret_key_id = webhook_secret_key_id,
                    previous_credentials_until = :until,
                    api_key_hash = :hash, api_key_prefix = :prefix,
                    webhook_secret_sealed = :sealed, webhook_secret_key_id = :keyId
                where tenant_id = :tenant and bot_id = :bot
                """)
                .param("until", Timestamp.from(until))
                .param("hash", Credentials.hash(apiKey))
                .param("prefix", Credentials.displayPrefix(apiKey))
                .param("sealed", sealed.ciphertext())
                .param("keyId", sealed.keyId())
                .param("tenant", tenantId).param("bot", botId)
                .update();
        if (updated == 0) {
            throw ProblemException.notFound("bot", botId);
        }
        String webhookUrl = jdbc.sql("select webhook_url from bot where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", tenantId).param("bot", botId).query(String.class).optional().orElse(null);
        endpoints.announce(tenantId, botId, webhookUrl, webhookSecret, previousSecret, until);
        authenticator.forgetAll();
        return new RotatedCredentials(botId, apiKey, Credentials.displayPrefix(apiKey), webhookSecret, until);
    }

    /** The new credentials, shown once, and until when the previous ones still work. */
    record RotatedCredentials(String botId, String apiKey, String apiKeyPrefix, String webhookSecret,
            Instant previousValidUntil) {

        @Override
        public String toString() {
            return "RotatedCredentials[botId=" + botId + ", apiKeyPrefix=" + apiKeyPrefix + "]";
        }
    }
}
