package io.bothub.tenant;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.tenant.*}.
 *
 * @param accessTokenTtl       how long a user's access token (JWT) is good for
 * @param refreshTokenTtl      how long a refresh token is good for
 * @param signingKeyRotation   a new token-signing key is made after this long
 * @param issuer               the {@code iss} of every access token
 * @param defaultQuotas        what a new tenant may use
 * @param secrets              the at-rest keys sealing signing keys' private halves
 */
@ConfigurationProperties("bothub.tenant")
public record TenantSettings(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("7d") Duration signingKeyRotation,
        @DefaultValue("bothub") String issuer,
        @DefaultValue Quotas defaultQuotas,
        Secrets secrets) {

    public record Quotas(@DefaultValue("100") int maxBots, @DefaultValue("120000") int requestsPerMinute,
            @DefaultValue("100000") int commandsPerDay) {
    }

    public record Secrets(String currentKeyId, Map<String, String> keys) {
    }
}
