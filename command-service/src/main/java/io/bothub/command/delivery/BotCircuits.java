package io.bothub.command.delivery;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.bothub.command.CommandSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A circuit breaker and a bulkhead per bot (Resilience4j). The breaker stops a dead or failing endpoint from being
 * hammered and from holding up the dispatcher; the bulkhead caps how many deliveries to one bot this replica runs
 * at once, which also guards against a delivery that outlived its lease overlapping its own retry.
 */
@Component
class BotCircuits {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final Duration openFor;

    BotCircuits(CommandSettings settings) {
        CommandSettings.Circuit circuit = settings.circuit();
        this.openFor = circuit.openFor();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(circuit.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.window())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .waitDurationInOpenState(circuit.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.bulkheadPerBot())
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    CircuitBreaker breaker(String tenantId, String botId) {
        return breakers.circuitBreaker(tenantId + "/" + botId);
    }

    Bulkhead bulkhead(String tenantId, String botId) {
        return bulkheads.bulkhead(tenantId + "/" + botId);
    }

    /** How long an open circuit stays open. */
    Duration openFor() {
        return openFor;
    }
}
