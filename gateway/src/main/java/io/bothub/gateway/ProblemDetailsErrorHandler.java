package io.bothub.gateway;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

/**
 * Turns every error the gateway itself raises into problem details: no route (404), a service that cannot be
 * reached or whose circuit is open (503), a service too slow to answer (504), anything else (500). Ordered
 * before Spring Boot's default handler, which would answer with a different JSON shape.
 */
@Component
@Order(-2)
class ProblemDetailsErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Throwable cause = rootCause(error);
        if (error instanceof ResponseStatusException statusError) {
            HttpStatusCode code = statusError.getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            if (status == HttpStatus.NOT_FOUND) {
                return GatewayProblems.write(exchange, status, "not-found", "Not found",
                        "no BotHub resource at " + exchange.getRequest().getPath().value());
            }
            if (cause instanceof TimeoutException || status == HttpStatus.GATEWAY_TIMEOUT) {
                return timeout(exchange);
            }
            if (status != null && status.is4xxClientError()) {
                return GatewayProblems.write(exchange, status, "bad-request", status.getReasonPhrase(),
                        statusError.getReason() == null ? status.getReasonPhrase() : statusError.getReason());
            }
        }
        if (cause instanceof TimeoutException) {
            return timeout(exchange);
        }
        if (cause instanceof ConnectException || cause instanceof CallNotPermittedException) {
            return GatewayProblems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    "Service unavailable", "the service behind " + exchange.getRequest().getPath().value()
                            + " cannot be reached; try again shortly");
        }
        log.error("Gateway error on {} {} [{}]", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                RequestIds.of(exchange), error);
        return GatewayProblems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the gateway failed unexpectedly; quote the requestId when reporting it");
    }

    private static Mono<Void> timeout(ServerWebExchange exchange) {
        return GatewayProblems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "service-timeout", "Service timeout",
                "the service behind " + exchange.getRequest().getPath().value() + " did not answer in time");
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
