package io.bothub.events.bot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * Where and how BotHub reaches a bot: its webhook endpoint and the secrets that sign what is sent to it. Published
 * when a bot registers and whenever its webhook secret rotates, so that the services delivering to bots
 * (command-service) never call bot-service on the hot path.
 *
 * <p>The secrets travel sealed with the platform's transit key (AES-256-GCM, see service-support's
 * {@code TransitSecrets}), never in clear text: the event log is readable by more than the services that sign.
 *
 * @param botId          the bot
 * @param webhookUrl     its endpoint, or null for a bot that pulls its work
 * @param signingSecrets the current secret first, then any previous one still valid during a rotation's grace
 * @param changedAt      when
 */
@EventType(name = "io.bothub.bot.endpoint-changed", version = 1, topic = Topics.BOT_LIFECYCLE)
public record BotEndpointChanged(String botId, @Nullable String webhookUrl, List<SealedSecret> signingSecrets,
        Instant changedAt) implements BotHubEvent {

    public BotEndpointChanged {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(changedAt, "changedAt");
        signingSecrets = signingSecrets == null ? List.of() : List.copyOf(signingSecrets);
    }

    @Override
    public String partitionKey() {
        return botId;
    }

    /**
     * A secret sealed with a transit key.
     *
     * @param keyId      the transit key it is sealed with
     * @param ciphertext base64 of nonce and AES-GCM ciphertext
     * @param validUntil when a previous secret stops being used; null for the current one
     */
    public record SealedSecret(String keyId, String ciphertext, @Nullable Instant validUntil) {

        public SealedSecret {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(ciphertext, "ciphertext");
        }
    }
}
