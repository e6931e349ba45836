package io.bothub.events.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(secret, id + "." + timestamp + "." + body)>},
 * several space-separated signatures allowed (so a secret can be rotated), the timestamp within a tolerance.
 * BotHub signs what it sends bots with this, bots sign their callbacks with it, and the SDK verifies both ways.
 *
 * @see <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">spec</a>
 */
public final class StandardWebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private StandardWebhookSignature() {
    }

    /** The signature header value for a message. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestampSeconds + "." + body));
    }

    /** One signature per secret, space-separated: during a rotation the bot may still verify with the old one. */
    public static String signWithEach(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(secret -> sign(secret, id, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    /** Why a message fails verification ({@code missing}, {@code stale}, {@code mismatch}), or null when it passes. */
    public static @Nullable String problemWith(String secret, @Nullable String id, @Nullable String timestamp,
            @Nullable String signatures, String body, Instant now, Duration tolerance) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null) {
            return "missing";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "stale";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return "stale";
        }
        byte[] expected = hmac(secret, id + "." + seconds + "." + body);
        for (String candidate : signatures.trim().split(" ")) {
            if (candidate.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                        return null;
                    }
                } catch (IllegalArgumentException e) {
                    // Not base64: not a match; look at the next one.
                }
            }
        }
        return "mismatch";
    }

    private static byte[] hmac(String secret, String content) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
