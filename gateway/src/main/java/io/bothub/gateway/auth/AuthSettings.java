package io.bothub.gateway.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.gateway.auth.*}.
 *
 * @param issuer          the only {@code iss} accepted in user tokens
 * @param jwksRefresh     how often the published keys are fetched again (also at once for an unknown key id)
 * @param keyCacheTtl     how long a verified API key (or a refused one) is remembered: a revoked key stops working
 *                        within this time
 * @param publicPaths     paths that need no credential (sign-up, login, the JWKS, health)
 * @param perPrincipalPerMinute requests one user, agent key or bot may make per minute
 * @param perTenantPerMinute    requests one tenant's principals together may make per minute: a fleet of thousands of
 *                              bots beating every few seconds is a few hundred a second. A tenant's own quota
 *                              from tenant-service replaces it; this is the fallback when tenant-service is down
 * @param tenantCacheTtl  how long a tenant's standing (active or suspended, its quota) is remembered
 */
@ConfigurationProperties("bothub.gateway.auth")
public record AuthSettings(
        @DefaultValue("bothub") String issuer,
        @DefaultValue("5m") Duration jwksRefresh,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue({"POST /api/v1/tenants", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh",
                "POST /api/v1/auth/logout", "GET /api/v1/auth/jwks", "GET /.well-known/jwks.json",
                "GET /actuator/health", "GET /actuator/health/**", "GET /actuator/prometheus"}) List<String> publicPaths,
        @DefaultValue("1200") int perPrincipalPerMinute,
        @DefaultValue("120000") int perTenantPerMinute,
        @DefaultValue("10s") Duration tenantCacheTtl) {
}
