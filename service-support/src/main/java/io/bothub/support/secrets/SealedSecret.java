package io.bothub.support.secrets;

/** A secret encrypted at rest: the ciphertext (nonce first) and the id of the key that sealed it. */
public record SealedSecret(byte[] ciphertext, String keyId) {
}
