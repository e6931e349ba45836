package io.bothub.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Standard Webhooks signatures, both ways: the bot signs its callbacks with its webhook secret, and checks that
 * work pushed to its webhook was signed by BotHub with the same secret, recently.
 */
public final class WebhookSignatures {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    public WebhookSignatures(String webhookSecret) {
        this.key = Base64.getDecoder().decode(webhookSecret.startsWith("whsec_") ? webhookSecret.substring(6) : webhookSecret);
    }

    /** The {@code webhook-signature} value for a message. */
    public String sign(String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(id + "." + timestampSeconds + "." + body));
    }

    /**
     * Whether a pushed message is authentic and fresh.
     *
     * @param id         the {@code webhook-id} header
     * @param timestamp  the {@code webhook-timestamp} header
     * @param signatures the {@code webhook-signature} header
     */
    public boolean verify(@Nullable String id, @Nullable String timestamp, @Nullable String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(id + "." + seconds + "." + body);
        for (String candidate : signatures.trim().split(" ")) {
            if (candidate.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: try the next signature
                }
            }
        }
        return false;
    }

    private byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
