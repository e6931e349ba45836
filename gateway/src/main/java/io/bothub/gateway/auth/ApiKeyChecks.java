package io.bothub.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Checks API keys with the service that issued them: bot keys ({@code bh_bot_}) with bot-service, agent keys
 * ({@code bh_ak_}) with tenant-service. Answers, good and bad, are remembered for a few seconds (Caffeine), keyed
 * by the key's hash, so a busy key costs one check per interval and a revoked key stops working within it.
 */
class ApiKeyChecks {

    private final WebClient botService;
    private final WebClient tenantService;
    private final AsyncCache<String, Optional<Identity>> cache;

    ApiKeyChecks(WebClient botService, WebClient tenantService, AuthSettings settings) {
        this.botService = botService;
        this.tenantService = tenantService;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.keyCacheTtl()).maximumSize(200_000).buildAsync();
    }

    static boolean isApiKey(String token) {
        return token.startsWith("bh_bot_") || token.startsWith("bh_ak_");
    }

    Mono<Identity> verify(String apiKey) {
        return Mono.fromFuture(cache.get(hash(apiKey), (key, executor) -> check(apiKey).toFuture()))
                .flatMap(identity -> identity.map(Mono::just)
                        .orElseGet(() -> Mono.error(new Refusal("the API key is unknown, expired or revoked"))));
    }

    private Mono<Optional<Identity>> check(String apiKey) {
        boolean bot = apiKey.startsWith("bh_bot_");
        WebClient owner = bot ? botService : tenantService;
        String path = bot ? "/internal/v1/bot-keys/verify" : "/internal/v1/agent-keys/verify";
        return owner.post().uri(path).bodyValue(Map.of("apiKey", apiKey)).retrieve()
                .bodyToMono(Verified.class)
                .map(v -> Optional.of(new Identity(v.tenantId(), v.principal(), v.scopes())))
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.UNAUTHORIZED
                        ? Mono.just(Optional.empty()) : Mono.error(e));
    }

    record Verified(String tenantId, String principal, List<String> scopes) {
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
