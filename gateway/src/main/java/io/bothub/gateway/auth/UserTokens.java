package io.bothub.gateway.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.web.reactive.function.client.WebClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import reactor.core.publisher.Mono;

/**
 * Verifies users' access tokens on its own, against tenant-service's published keys (JWKS), which it keeps in
 * memory and fetches again periodically or when a token names a key it has not seen (a rotation).
 */
class UserTokens {

    private record Keys(JWKSet set, Instant fetchedAt) {
    }

    private final WebClient tenantService;
    private final AuthSettings settings;
    private final Clock clock;
    private final AtomicReference<Keys> keys = new AtomicReference<>();

    UserTokens(WebClient tenantService, AuthSettings settings, Clock clock) {
        this.tenantService = tenantService;
        this.settings = settings;
        this.clock = clock;
    }

    /** The identity in a valid token; an error {@link Refusal} otherwise. */
    Mono<Identity> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(new Refusal("the bearer token is neither a BotHub API key nor a JWT"));
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
            return Mono.error(new Refusal("the token is not signed with ES256 by a BotHub key"));
        }
        String kid = jwt.getHeader().getKeyID();
        return keySet(kid).flatMap(set -> {
            JWK key = set.getKeyByKeyId(kid);
            if (!(key instanceof ECKey ec)) {
                return Mono.error(new Refusal("the token is signed with an unknown key"));
            }
            try {
                if (!jwt.verify(new ECDSAVerifier(ec))) {
                    return Mono.error(new Refusal("the token's signature does not verify"));
                }
                return Mono.just(identity(jwt.getJWTClaimsSet()));
            } catch (JOSEException | ParseException e) {
                return Mono.error(new Refusal("the token cannot be verified"));
            }
        });
    }

    private Identity identity(JWTClaimsSet claims) throws ParseException {
        Date expires = claims.getExpirationTime();
        if (expires == null || !expires.toInstant().isAfter(clock.instant())) {
            throw new Refusal("the token has expired");
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new Refusal("the token was not issued by BotHub");
        }
        String tenant = claims.getStringClaim("tid");
        String subject = claims.getSubject();
        if (tenant == null || subject == null || !subject.startsWith("user:")) {
            throw new Refusal("the token names no tenant or user");
        }
        String scope = claims.getStringClaim("scope");
        List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
        return new Identity(tenant, subject, scopes);
    }

    /** The cached key set, fetched again when stale or when it lacks {@code kid}. */
    private Mono<JWKSet> keySet(String kid) {
        Keys cached = keys.get();
        boolean fresh = cached != null && cached.fetchedAt().plus(settings.jwksRefresh()).isAfter(clock.instant());
        if (fresh && cached.set().getKeyByKeyId(kid) != null) {
            return Mono.just(cached.set());
        }
        return tenantService.get().uri("/api/v1/auth/jwks").retrieve().bodyToMono(String.class)
                .map(json -> {
                    try {
                        JWKSet set = JWKSet.parse(json);
                        keys.set(new Keys(set, clock.instant()));
                        return set;
                    } catch (ParseException e) {
                        throw new IllegalStateException("tenant-service published an unreadable JWKS", e);
                    }
                })
                .onErrorResume(e -> cached != null ? Mono.just(cached.set())
                        : Mono.error(new IllegalStateException("cannot fetch the JWKS from tenant-service", e)));
    }
}
