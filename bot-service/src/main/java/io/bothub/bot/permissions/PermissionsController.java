package io.bothub.bot.permissions;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.bot.registry.BotAuthenticator;
import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/**
 * Operators grant and revoke under {@code /api/v1/bots/{botId}/resource-permissions}; a bot fetches its own grants,
 * with credentials, from {@code /api/v1/resource-permissions/mine} using its API key.
 */
@RestController
class PermissionsController {

    static final String TENANT = "X-BotHub-Tenant-Id";
    static final String PRINCIPAL = "X-BotHub-Principal";

    private final ResourcePermissions permissions;
    private final BotAuthenticator authenticator;

    PermissionsController(ResourcePermissions permissions, BotAuthenticator authenticator) {
        this.permissions = permissions;
        this.authenticator = authenticator;
    }

    @PostMapping("/api/v1/bots/{botId}/resource-permissions")
    ResponseEntity<Grant> grant(Caller caller,
            @RequestHeader(value = PRINCIPAL, defaultValue = "unknown") String principal, @PathVariable String botId,
            @Valid @RequestBody GrantRequest request) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        Grant grant = permissions.grant(tenantId, botId, request, principal);
        return ResponseEntity.created(URI.create("/api/v1/bots/" + botId + "/resource-permissions/"
                + grant.permissionId())).body(grant);
    }

    @GetMapping("/api/v1/bots/{botId}/resource-permissions")
    List<Grant> list(Caller caller, @PathVariable String botId) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return permissions.of(tenantId, botId);
    }

    @DeleteMapping("/api/v1/bots/{botId}/resource-permissions/{permissionId}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String botId,
            @PathVariable UUID permissionId) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        permissions.revoke(tenantId, botId, permissionId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/resource-permissions/mine")
    List<Grant> mine(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
        return permissions.heldBy(authenticator.authenticate(authorization).key());
    }
}
