package io.bothub.support.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * A client's {@code Idempotency-Key} on a creating request: the key names the one thing the request creates, and the
 * request's fingerprint, stored with it, tells a true retry (answered with what the first request created) from the
 * key used again for another request (a 409).
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    private IdempotencyKeys() {
    }

    /** The fingerprint of a request, from its JSON: SHA-256, hex. */
    public static String fingerprint(String requestJson) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(requestJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A 409 unless {@code stored} (what the key's first request left) is this request's fingerprint. */
    public static void requireSameRequest(String key, String fingerprint, @Nullable String stored) {
        if (!fingerprint.equals(stored)) {
            throw ProblemException.conflict("idempotency-key-reused",
                    "idempotency key '" + key + "' was already used for a different request");
        }
    }
}
