package io.bothub.tenant.agents;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;
import tools.jackson.databind.JsonNode;

/** Agents and their API keys. Managing keys is an administrator's job; reading needs config_read. */
@RestController
class AgentController {

    private final Agents agents;
    private final ApiKeys keys;

    AgentController(Agents agents, ApiKeys keys) {
        this.agents = agents;
        this.keys = keys;
    }

    record NewAgent(@NotBlank @Size(max = 100) String name, @Nullable @Size(max = 1000) String description,
            @Nullable String template, @Nullable JsonNode config) {
    }

    record NewKey(@NotNull @Size(min = 1, max = 20) List<@NotBlank String> scopes, @Nullable Instant expiresAt) {
    }

    @GetMapping("/api/v1/agent-templates")
    Map<String, Map<String, Object>> templates(Caller caller) {
        return Agents.TEMPLATES;
    }

    @PostMapping("/api/v1/agents")
    @ResponseStatus(HttpStatus.CREATED)
    Agents.Agent create(Caller caller, @Valid @RequestBody NewAgent agent) {
        caller.require(Scopes.ADMIN);
        return agents.create(caller.tenantId(), agent.name(), agent.description(), agent.template(), agent.config());
    }

    @GetMapping("/api/v1/agents")
    List<Agents.Agent> list(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return agents.list(caller.tenantId());
    }

    @GetMapping("/api/v1/agents/{agentId}")
    Agents.Agent get(Caller caller, @PathVariable String agentId) {
        caller.require(Scopes.CONFIG_READ);
        return agents.get(caller.tenantId(), agentId);
    }

    @PostMapping("/api/v1/agents/{agentId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.Issued issue(Caller caller, @PathVariable String agentId, @Valid @RequestBody NewKey key) {
        caller.require(Scopes.ADMIN);
        return keys.issue(caller.tenantId(), agentId, key.scopes(), key.expiresAt(), caller.principal());
    }

    @GetMapping("/api/v1/agents/{agentId}/keys")
    List<ApiKeys.Key> keys(Caller caller, @PathVariable String agentId) {
        caller.require(Scopes.CONFIG_READ);
        agents.get(caller.tenantId(), agentId);
        return keys.list(caller.tenantId(), agentId);
    }

    @PostMapping("/api/v1/agents/{agentId}/keys/{keyId}/revoke")
    ApiKeys.Key revoke(Caller caller, @PathVariable String agentId, @PathVariable UUID keyId) {
        caller.require(Scopes.ADMIN);
        return keys.revoke(caller.tenantId(), agentId, keyId);
    }
}
