package io.bothub.bot.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes a bot's credentials. API keys are {@code bh_bot_<43 random base64url chars>}: the prefix lets secret
 * scanners spot a leaked key; the key has 256 bits of entropy, so a plain SHA-256 is the right hash to store
 * (a slow password hash protects low-entropy secrets, which this is not). Webhook secrets follow the Standard
 * Webhooks format {@code whsec_<base64>}.
 */
final class Credentials {

    static final String API_KEY_PREFIX = "bh_bot_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    static String newApiKey() {
        return API_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    static String newWebhookSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
    }

    static byte[] hash(String apiKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What may be shown of a key after creation: enough to recognise it, nothing to use it. */
    static String displayPrefix(String apiKey) {
        return apiKey.substring(0, API_KEY_PREFIX.length() + 6);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
