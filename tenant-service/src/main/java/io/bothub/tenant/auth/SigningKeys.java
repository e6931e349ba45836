package io.bothub.tenant.auth;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;
import io.bothub.tenant.TenantSettings;

/**
 * The EC P-256 keys access tokens are signed with (ES256). The newest key signs; a new one is made when it is older
 * than the rotation period, by whichever replica gets there first (an advisory lock keeps it to one). Retired keys
 * stay published in the JWKS for one access-token lifetime, so tokens they signed still verify until they expire.
 */
@Component
public class SigningKeys {

    private static final long ROTATION_LOCK = 0x7e4a_0001L;

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final TenantSettings settings;
    private final Clock clock;
    private volatile ECKey current;

    SigningKeys(JdbcClient jdbc, SecretSealer sealer, TenantSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.settings = settings;
        this.clock = clock;
    }

    /** The key to sign with now: the newest, rotated first if it is due. */
    public ECKey current() {
        ECKey key = current;
        if (key == null || key.getIssueTime() == null
                || key.getIssueTime().toInstant().plus(settings.signingKeyRotation()).isBefore(clock.instant())) {
            key = rotateIfDue();
            current = key;
        }
        return key;
    }

    /** The public keys that verify tokens now: the JWKS. */
    public Map<String, Object> jwks() {
        List<String> published = jdbc.sql("select public_jwk from signing_key where published_until is null or published_until > now() "
                + "order by created_at desc").query(String.class).list();
        List<com.nimbusds.jose.jwk.JWK> keys = published.stream().map(SigningKeys::parse).toList();
        return new JWKSet(keys).toJSONObject(true);
    }

    @Transactional
    ECKey rotateIfDue() {
        jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", ROTATION_LOCK).query(Object.class).single();
        Instant now = clock.instant();
        record Stored(String kid, byte[] sealed, String sealingKeyId, Instant createdAt) {
        }
        var newest = jdbc.sql("select kid, private_key_sealed, sealing_key_id, created_at from signing_key "
                        + "order by created_at desc limit 1")
                .query((rs, i) -> new Stored(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .optional();
        if (newest.isPresent() && newest.get().createdAt().plus(settings.signingKeyRotation()).isAfter(now)) {
            return withIssueTime(parseEc(sealer.open(new SealedSecret(newest.get().sealed(), newest.get().sealingKeyId()))),
                    newest.get().createdAt());
        }
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                    .keyID("bothub-" + UUID.randomUUID()).issueTime(java.util.Date.from(now)).generate();
            SealedSecret sealed = sealer.seal(key.toJSONString());
            // The key it replaces stops being published once every token it signed has expired.
            jdbc.sql("update signing_key set published_until = :until where published_until is null")
                    .param("until", Timestamp.from(now.plus(settings.accessTokenTtl()).plusSeconds(60))).update();
            jdbc.sql("""
                    insert into signing_key (kid, public_jwk, private_key_sealed, sealing_key_id, created_at)
                    values (:kid, :public, :sealed, :sealingKey, :now)
                    """)
                    .param("kid", key.getKeyID()).param("public", key.toPublicJWK().toJSONString())
                    .param("sealed", sealed.ciphertext()).param("sealingKey", sealed.keyId())
                    .param("now", Timestamp.from(now)).update();
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a signing key", e);
        }
    }

    private static ECKey withIssueTime(ECKey key, Instant issued) {
        return new ECKey.Builder(key).issueTime(java.util.Date.from(issued)).build();
    }

    private static ECKey parseEc(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key does not parse", e);
        }
    }

    private static com.nimbusds.jose.jwk.JWK parse(String json) {
        try {
            return com.nimbusds.jose.jwk.JWK.parse(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored public key does not parse", e);
        }
    }
}
