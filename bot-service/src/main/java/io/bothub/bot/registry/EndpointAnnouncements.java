package io.bothub.bot.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.bothub.events.bot.BotEndpointChanged;
import io.bothub.support.outbox.Outbox;
import io.bothub.support.secrets.TransitSecrets;

/**
 * Tells the services that deliver to bots where a bot is and which secrets sign what it is sent, in the same
 * transaction as the change, so that command-service's copy never lags a committed registration or rotation.
 */
@Component
class EndpointAnnouncements {

    private final Outbox outbox;
    private final TransitSecrets transit;
    private final Clock clock;

    EndpointAnnouncements(Outbox outbox, TransitSecrets transit, Clock clock) {
        this.outbox = outbox;
        this.transit = transit;
        this.clock = clock;
    }

    /** Requires a transaction. {@code previousSecret} is still accepted by the bot until {@code previousUntil}. */
    void announce(String tenantId, String botId, @Nullable String webhookUrl, String currentSecret,
            @Nullable String previousSecret, @Nullable Instant previousUntil) {
        List<BotEndpointChanged.SealedSecret> secrets = new ArrayList<>();
        secrets.add(sealed(currentSecret, null));
        if (previousSecret != null && previousUntil != null) {
            secrets.add(sealed(previousSecret, previousUntil));
        }
        outbox.add(tenantId, new BotEndpointChanged(botId, webhookUrl, secrets, clock.instant()));
    }

    private BotEndpointChanged.SealedSecret sealed(String secret, @Nullable Instant validUntil) {
        TransitSecrets.Sealed sealed = transit.seal(secret);
        return new BotEndpointChanged.SealedSecret(sealed.keyId(), sealed.ciphertext(), validUntil);
    }
}
