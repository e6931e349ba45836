package io.bothub.tenant;

import java.security.SecureRandom;

/**
 * Short, readable identifiers ({@code tn-k3v9q2m7xa}): lower-case letters and digits after a kind prefix, no
 * underscores, so they can sit inside an API key whose parts are separated by underscores.
 */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String kind) {
        return kind + "-" + random(10);
    }

    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
