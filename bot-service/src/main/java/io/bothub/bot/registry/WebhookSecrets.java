package io.bothub.bot.registry;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;

/** Opens a bot's webhook secret, for signing what BotHub sends it and verifying what it sends BotHub. */
@Component
public class WebhookSecrets {

    private final JdbcClient jdbc;
    private final SecretSealer sealer;

    WebhookSecrets(JdbcClient jdbc, SecretSealer sealer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
    }

    /**
     * The secrets a bot's signature may use: the current one and, during a rotation's grace period, the previous.
     */
    public List<String> acceptedSecretsOf(BotKey bot) {
        List<String> secrets = new ArrayList<>();
        secrets.add(secretOf(bot));
        jdbc.sql("select previous_webhook_secret_sealed, previous_webhook_secret_key_id from bot "
                + "where tenant_id = :tenant and bot_id = :bot and previous_credentials_until > now() "
                + "and previous_webhook_secret_sealed is not null")
                .param("tenant", bot.tenantId()).param("bot", bot.botId())
                .query((rs, i) -> new SealedSecret(rs.getBytes(1), rs.getString(2))).optional()
                .ifPresent(previous -> secrets.add(sealer.open(previous)));
        return secrets;
    }

    /** The current secret, or null when there is no such bot. */
    @Nullable String currentSecretIfRegistered(BotKey bot) {
        return jdbc.sql("select webhook_secret_sealed, webhook_secret_key_id from bot "
                + "where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", bot.tenantId()).param("bot", bot.botId())
                .query((rs, i) -> new SealedSecret(rs.getBytes(1), rs.getString(2))).optional()
                .map(sealer::open).orElse(null);
    }

    /** The secret in Standard Webhooks form, {@code whsec_<base64>}. */
    public String secretOf(BotKey bot) {
        SealedSecret sealed = jdbc.sql("select webhook_secret_sealed, webhook_secret_key_id from bot "
                + "where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", bot.tenantId()).param("bot", bot.botId())
                .query((rs, i) -> new SealedSecret(rs.getBytes(1), rs.getString(2))).single();
        return sealer.open(sealed);
    }
}
