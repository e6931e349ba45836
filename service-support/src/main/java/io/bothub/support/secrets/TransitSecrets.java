package io.bothub.support.secrets;

import java.util.Base64;

/**
 * Seals secrets that one service must hand to another through Kafka (a bot's webhook secret, from bot-service to
 * command-service). The transit keys are the platform's, distinct from any service's keys at rest, and are given
 * only to the services that seal or open such secrets. Keys rotate like {@link SecretSealer}'s: several ids
 * configured, new seals with the current one.
 */
public class TransitSecrets {

    private final SecretSealer sealer;

    public TransitSecrets(SecretSealer sealer) {
        this.sealer = sealer;
    }

    public Sealed seal(String secret) {
        SealedSecret sealed = sealer.seal(secret);
        return new Sealed(sealed.keyId(), Base64.getEncoder().encodeToString(sealed.ciphertext()));
    }

    public String open(String keyId, String base64Ciphertext) {
        return sealer.open(new SealedSecret(Base64.getDecoder().decode(base64Ciphertext), keyId));
    }

    /** A sealed secret in a form that travels in JSON. */
    public record Sealed(String keyId, String ciphertext) {
    }
}
