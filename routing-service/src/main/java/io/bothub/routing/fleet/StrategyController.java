package io.bothub.routing.fleet;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/** Each group's assignment strategy; the group {@code *} sets the tenant's default. */
@RestController
class StrategyController {

    private final Fleet fleet;

    StrategyController(Fleet fleet) {
        this.fleet = fleet;
    }

    record StrategyChoice(@NotBlank String strategy) {
    }

    @PutMapping("/api/v1/routing/strategies/{group}")
    Map<String, String> set(Caller caller, @PathVariable @Size(max = 200) @Pattern(regexp = "\\*|[A-Za-z0-9_.-]+") String group,
            @Valid @RequestBody StrategyChoice choice) {
        caller.require(Scopes.CONFIG_WRITE);
        Strategy strategy;
        try {
            strategy = Strategy.of(choice.strategy());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new FieldProblem("strategy", e.getMessage())));
        }
        fleet.setStrategy(caller.tenantId(), group, strategy);
        return Map.of("groupId", group, "strategy", strategy.id());
    }

    @GetMapping("/api/v1/routing/strategies")
    Map<String, String> list(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return fleet.strategies(caller.tenantId());
    }
}
