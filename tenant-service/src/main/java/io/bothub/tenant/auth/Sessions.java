package io.bothub.tenant.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.bothub.support.web.ProblemException;
import io.bothub.tenant.TenantSettings;
import io.bothub.tenant.users.Role;

/**
 * Logging in, refreshing and logging out. An access token is a short-lived JWT the gateway verifies on its own
 * against the JWKS; a refresh token is opaque, stored hashed, and replaced on every use. Presenting a refresh token
 * that was already replaced means it was copied: every session of that user ends.
 */
@Service
class Sessions {

    record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken) {

        @Override
        public String toString() {
            return "Tokens[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
        }
    }

    private record Login(String userId, String tenantId, String passwordHash, String role, boolean disabled,
            String tenantStatus) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final SigningKeys keys;
    private final TenantSettings settings;
    private final Clock clock;
    /** Compared against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
    private final String dummyHash;

    Sessions(JdbcClient jdbc, PasswordEncoder passwords, SigningKeys keys, TenantSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    Tokens login(String tenantSlug, String email, String password) {
        var login = jdbc.sql("""
                select u.id, u.tenant_id, u.password_hash, u.role, u.disabled, t.status
                from app_user u join tenant t on t.id = u.tenant_id
                where t.slug = :slug and u.email = :email
                """)
                .param("slug", tenantSlug).param("email", email.trim().toLowerCase(Locale.ROOT))
                .query((rs, i) -> new Login(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getString(6))).optional();
        boolean matches = passwords.matches(password, login.map(Login::passwordHash).orElse(dummyHash));
        if (login.isEmpty() || !matches || login.get().disabled() || !"active".equals(login.get().tenantStatus())) {
            throw unauthorized("the tenant, e-mail and password do not match an active user");
        }
        return issue(login.get().userId(), login.get().tenantId(), login.get().role());
    }

    /** The refusal of a reused token must not roll back the revocation it triggers. */
    @Transactional(noRollbackFor = ProblemException.class)
    Tokens refresh(String refreshToken) {
        byte[] hash = hash(refreshToken);
        record Stored(String userId, String tenantId, Instant expiresAt, Instant revokedAt, byte[] replacedBy) {
        }
        var stored = jdbc.sql("select user_id, tenant_id, expires_at, revoked_at, replaced_by from refresh_token "
                        + "where token_hash = :hash for update")
                .param("hash", hash)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getBytes(5)))
                .optional()
                .orElseThrow(() -> unauthorized("unknown refresh token"));
        if (stored.replacedBy() != null) {
            // Reuse of a token already exchanged: someone else has a copy. End all of this user's sessions.
            jdbc.sql("update refresh_token set revoked_at = now() where user_id = :user and revoked_at is null")
                    .param("user", stored.userId()).update();
            throw unauthorized("this refresh token was already used; all sessions of its user have ended");
        }
        if (stored.revokedAt() != null || stored.expiresAt().isBefore(clock.instant())) {
            throw unauthorized("the refresh token has expired or was revoked");
        }
        var user = jdbc.sql("""
                select u.role from app_user u join tenant t on t.id = u.tenant_id
                where u.id = :user and not u.disabled and t.status = 'active'
                """)
                .param("user", stored.userId()).query(String.class).optional()
                .orElseThrow(() -> unauthorized("the user or tenant is no longer active"));
        Tokens next = issue(stored.userId(), stored.tenantId(), user);
        jdbc.sql("update refresh_token set revoked_at = now(), replaced_by = :next where token_hash = :hash")
                .param("next", hash(next.refreshToken())).param("hash", hash).update();
        return next;
    }

    @Transactional
    void logout(String refreshToken) {
        jdbc.sql("update refresh_token set revoked_at = now() where token_hash = :hash and revoked_at is null")
                .param("hash", hash(refreshToken)).update();
    }

    private Tokens issue(String userId, String tenantId, String role) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.accessTokenTtl());
        ECKey key = keys.current();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject("user:" + userId)
                .claim("tid", tenantId)
                .claim("role", role)
                .claim("scope", String.join(" ", Role.of(role).orElseThrow().scopes()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String refresh = "bh_rt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.sql("""
                insert into refresh_token (token_hash, user_id, tenant_id, expires_at, created_at)
                values (:hash, :user, :tenant, :expires, :now)
                """)
                .param("hash", hash(refresh)).param("user", userId).param("tenant", tenantId)
                .param("expires", Timestamp.from(now.plus(settings.refreshTokenTtl()))).param("now", Timestamp.from(now))
                .update();
        return new Tokens(jwt.serialize(), "Bearer", settings.accessTokenTtl().toSeconds(), refresh);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }
}
