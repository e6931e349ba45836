package io.bothub.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes BotHub's one error shape (RFC 9457, the same the services produce): {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and {@code requestId}.
 */
public final class GatewayProblems {

    static final String TYPE_BASE = "https://bothub.io/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GatewayProblems() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String slug, String title, String detail) {
        return write(exchange, RequestIds.pathOf(exchange), status, slug, title, detail);
    }

    public static Mono<Void> write(ServerWebExchange exchange, String instance, HttpStatus status, String slug, String title,
            String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("requestId", RequestIds.of(exchange));
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
