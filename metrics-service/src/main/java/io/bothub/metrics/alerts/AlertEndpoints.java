package io.bothub.metrics.alerts;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;

/**
 * Each tenant's alert webhook: its URL and the Standard Webhooks secret alerts are signed with, sealed at rest
 * with metrics-service's own key ({@code bothub.metrics.secrets.*}). The secret is shown once, when set.
 */
@Component
class AlertEndpoints {

    record Endpoint(String url, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final Clock clock;

    AlertEndpoints(JdbcClient jdbc, SecretSealer sealer, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Sets the tenant's endpoint with a new secret, which is returned (and never again). */
    Endpoint set(String tenantId, String url) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        SealedSecret sealed = sealer.seal(secret);
        jdbc.sql("""
                insert into alert_endpoint (tenant_id, url, secret_key_id, secret_sealed, updated_at)
                values (:tenant, :url, :key, :sealed, :now)
                on conflict (tenant_id) do update set url = excluded.url, secret_key_id = excluded.secret_key_id,
                    secret_sealed = excluded.secret_sealed, updated_at = excluded.updated_at
                """).param("tenant", tenantId).param("url", url).param("key", sealed.keyId())
                .param("sealed", Base64.getEncoder().encodeToString(sealed.ciphertext())).param("now", Timestamp.from(clock.instant())).update();
        return new Endpoint(url, secret);
    }

    Optional<Endpoint> of(String tenantId) {
        return jdbc.sql("select url, secret_key_id, secret_sealed from alert_endpoint where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, i) -> new Endpoint(rs.getString(1),
                        sealer.open(new SealedSecret(Base64.getDecoder().decode(rs.getString(3)), rs.getString(2)))))
                .optional();
    }

    boolean remove(String tenantId) {
        return jdbc.sql("delete from alert_endpoint where tenant_id = :tenant").param("tenant", tenantId).update() > 0;
    }
}
