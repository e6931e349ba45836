package io.bothub.task.policy;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/** Reading ({@code config_read}) and setting ({@code admin}) the tenant's task approval policy. */
@RestController
class PolicyController {

    record PolicyChange(@Nullable String approvalFrom) {
    }

    private final ApprovalPolicy policy;

    PolicyController(ApprovalPolicy policy) {
        this.policy = policy;
    }

    @GetMapping("/api/v1/tasks/policy")
    ApprovalPolicy.Policy get(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return policy.of(caller.tenantId());
    }

    @PutMapping("/api/v1/tasks/policy")
    ApprovalPolicy.Policy set(Caller caller, @RequestBody PolicyChange change) {
        caller.require(Scopes.ADMIN);
        return policy.set(caller.tenantId(), change.approvalFrom(), caller.principal());
    }
}
