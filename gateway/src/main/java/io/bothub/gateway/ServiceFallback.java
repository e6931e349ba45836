package io.bothub.gateway;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request its service could not serve: a 503 (504 for a timeout)
 * problem naming the service, returned at once while the circuit is open, so one failing service does not
 * stall callers of the others.
 */
@RestController
class ServiceFallback {

    private static final Logger log = LoggerFactory.getLogger(ServiceFallback.class);

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String instance = RequestIds.pathOf(exchange);
        if (failure != null && !(failure instanceof CallNotPermittedException)) {
            log.warn("{} failed for {} [{}]: {}", service, instance, RequestIds.of(exchange), failure.toString());
        }
        if (failure instanceof TimeoutException) {
            return GatewayProblems.write(exchange, instance, HttpStatus.GATEWAY_TIMEOUT, "service-timeout", "Service timeout",
                    service + " did not answer in time");
        }
        return GatewayProblems.write(exchange, instance, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "Service unavailable", service + " is unavailable; try again shortly");
    }}
