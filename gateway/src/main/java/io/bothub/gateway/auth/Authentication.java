package io.bothub.gateway.auth;

import java.util.List;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.bothub.gateway.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Every request but the public few (sign-up, login, the JWKS, health) must carry a credential: a user's access
 * token (a JWT, verified here against the JWKS) or an API key (a bot's or an agent's, checked with its issuer).
 * Whatever the client sent as {@code X-BotHub-Tenant-Id}, {@code X-BotHub-Principal} or {@code X-BotHub-Scopes}
 * is removed, and the verified identity is set in its place, so services can trust those headers. Then the
 * principal's and the tenant's rate limits are counted.
 */
public class Authentication implements WebFilter, Ordered {

    static final String TENANT = "X-BotHub-Tenant-Id";
    static final String PRINCIPAL = "X-BotHub-Principal";
    static final String SCOPES = "X-BotHub-Scopes";

    private record PublicPath(String method, PathPattern pattern) {
    }

    private final UserTokens tokens;
    private final ApiKeyChecks keys;
    private final RateLimits limits;
    private final TenantStandings standings;
    private final List<PublicPath> publicPaths;

    Authentication(UserTokens tokens, ApiKeyChecks keys, RateLimits limits, TenantStandings standings,
            AuthSettings settings) {
        this.standings = standings;
        this.tokens = tokens;
        this.keys = keys;
        this.limits = limits;
        this.publicPaths = settings.publicPaths().stream().map(entry -> {
            String[] parts = entry.trim().split("\\s+", 2);
            return new PublicPath(parts[0], PathPatternParser.defaultInstance.parse(parts[1]));
        }).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest stripped = exchange.getRequest().mutate()
                .headers(h -> {
                    h.remove(TENANT);
                    h.remove(PRINCIPAL);
                    h.remove(SCOPES);
                })
                .build();
        ServerWebExchange clean = exchange.mutate().request(stripped).build();
        if (isPublic(clean.getRequest()) || clean.getRequest().getMethod().name().equals("OPTIONS")) {
            return chain.filter(clean);
        }
        String authorization = clean.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized(clean, "this request needs a credential: Authorization: Bearer <access token or API key>");
        }
        String credential = authorization.substring(7).trim();
        Mono<Identity> identity = ApiKeyChecks.isApiKey(credential) ? keys.verify(credential) : tokens.verify(credential);
        return identity
                .flatMap(who -> standings.of(who.tenantId()).flatMap(standing -> admit(clean, chain, who, standing)))
                .onErrorResume(Refusal.class, refusal -> unauthorized(clean, refusal.getMessage()));
    }

    /** A verified caller goes on if its tenant exists, is active and is within its limits. */
    private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, Identity who,
            Optional<TenantStandings.Standing> standing) {
        if (standing.isEmpty()) {
            return unauthorized(exchange, "the tenant of this credential no longer exists");
        }
        if (!standing.get().active()) {
            return GatewayProblems.write(exchange, HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended",
                    "this tenant is " + standing.get().status() + "; its users and keys cannot use BotHub");
        }
        return limits.check(who, standing.get().requestsPerMinute()).flatMap(decision -> decision.allowed()
                ? chain.filter(withIdentity(exchange, who))
                : tooManyRequests(exchange, decision));
    }

    private static Mono<Void> tooManyRequests(ServerWebExchange exchange, RateLimits.Decision decision) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        return GatewayProblems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "the " + decision.limit() + "'s limit of requests per minute is used up; retry after "
                        + decision.retryAfterSeconds() + " s");
    }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, Identity who) {
        ServerHttpRequest verified = exchange.getRequest().mutate().headers(h -> {
            h.set(TENANT, who.tenantId());
            h.set(PRINCIPAL, who.principal());
            h.set(SCOPES, String.join(" ", who.scopes()));
        }).build();
        return exchange.mutate().request(verified).build();
    }

    private boolean isPublic(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        String method = request.getMethod().name();
        return publicPaths.stream().anyMatch(p -> p.method().equals(method) && p.pattern().matches(path));
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"bothub\"");
        return GatewayProblems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    /** After request ids (so refusals carry one), before routing. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
