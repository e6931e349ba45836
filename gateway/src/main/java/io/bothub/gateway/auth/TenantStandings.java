package io.bothub.gateway.auth;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Whether a tenant may use BotHub now and its request quota, asked of tenant-service and remembered for
 * {@code bothub.gateway.auth.tenant-cache-ttl}: a suspension or a new quota takes effect within that time, for
 * user tokens and API keys alike.
 *
 * <p>When tenant-service cannot answer, requests go on with the default tenant limit rather than stopping the
 * whole platform; the failure is not remembered, so the next request asks again.
 */
class TenantStandings {

    record Standing(String status, int requestsPerMinute) {

        boolean active() {
            return "active".equals(status);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TenantStandings.class);

    private final WebClient tenantService;
    private final AuthSettings settings;
    private final AsyncCache<String, Optional<Standing>> cache;

    TenantStandings(WebClient tenantService, AuthSettings settings) {
        this.tenantService = tenantService;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.tenantCacheTtl()).maximumSize(100_000).buildAsync();
    }

    /** The tenant's standing; empty for a tenant that does not exist (any more). */
    Mono<Optional<Standing>> of(String tenantId) {
        return Mono.fromFuture(cache.get(tenantId, (id, executor) -> ask(id).toFuture()))
                .onErrorResume(e -> {
                    log.warn("tenant-service did not answer for tenant {}: {}; using the default limits", tenantId,
                            e.toString());
                    return Mono.just(Optional.of(new Standing("active", settings.perTenantPerMinute())));
                });
    }

    private Mono<Optional<Standing>> ask(String tenantId) {
        return tenantService.get().uri("/internal/v1/tenants/{id}/standing", tenantId).retrieve()
                .bodyToMono(Standing.class).map(Optional::of)
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND
                        ? Mono.just(Optional.empty()) : Mono.error(e));
    }
}
