package io.bothub.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}: the caller's, when it is a sane value, else a new one. It is
 * passed to the service and returned on the response, also for errors the gateway answers itself. A web filter
 * rather than a route filter, so requests that match no route get one too.
 */
@Component
class RequestIds implements WebFilter, Ordered {

    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    /** The path the caller asked for, kept because a fallback forward replaces the request's own. */
    static final String PATH_ATTRIBUTE = RequestIds.class.getName() + ".path";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getAttributes().putIfAbsent(PATH_ATTRIBUTE, exchange.getRequest().getPath().value());
        // Set just before the response is written: a service echoes the id too, and the caller should see it once.
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, id)))
                .build();
        return chain.filter(withId);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    static String pathOf(ServerWebExchange exchange) {
        Object path = exchange.getAttribute(PATH_ATTRIBUTE);
        return path == null ? exchange.getRequest().getPath().value() : path.toString();
    }

    static String of(ServerWebExchange exchange) {
        Object id = exchange.getAttribute(ATTRIBUTE);
        return id == null ? "" : id.toString();
    }
}
