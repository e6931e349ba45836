package io.bothub.tenant.tenants;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;
import tools.jackson.databind.JsonNode;

/**
 * Signing up is open (seed 003: tenants are created directly); everything else acts on the caller's own tenant,
 * so there is no way to name another one.
 */
@RestController
class TenantController {

    private final Tenants tenants;

    TenantController(Tenants tenants) {
        this.tenants = tenants;
    }

    record SignUp(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,40}") String slug,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Valid Admin admin) {
    }

    record Admin(@NotBlank @Email String email, @NotBlank @Size(max = 200) String displayName,
            @NotBlank @Size(max = 200) String password) {
    }

    record Configure(@Nullable @Size(max = 200) String name, @Nullable JsonNode settings, @Nullable @Valid QuotaChange quotas) {
    }

    record QuotaChange(@NotNull @Min(0) Integer maxBots, @NotNull @Min(1) Integer requestsPerMinute,
            @NotNull @Min(0) Integer commandsPerDay) {
    }

    @PostMapping("/api/v1/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    Tenants.SignedUp signUp(@Valid @RequestBody SignUp request) {
        return tenants.signUp(request.slug(), request.name(), request.admin().email(), request.admin().displayName(),
                request.admin().password());
    }

    @GetMapping("/api/v1/tenants/me")
    Tenants.Tenant mine(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return tenants.get(caller.tenantId());
    }

    @PatchMapping("/api/v1/tenants/me")
    Tenants.Tenant configure(Caller caller, @Valid @RequestBody Configure change) {
        caller.require(Scopes.ADMIN);
        Tenants.Quotas quotas = change.quotas() == null ? null : new Tenants.Quotas(change.quotas().maxBots(),
                change.quotas().requestsPerMinute(), change.quotas().commandsPerDay());
        return tenants.configure(caller.tenantId(), change.name(), change.settings(), quotas);
    }

    @PostMapping("/api/v1/tenants/me/suspend")
    Tenants.Tenant suspend(Caller caller) {
        caller.require(Scopes.ADMIN);
        return tenants.setStatus(caller.tenantId(), "suspended");
    }

    /**
     * For the gateway only (under {@code /internal}, never routed): whether the tenant may use BotHub and its
     * request quota. A deleted or unknown tenant is a 404.
     */
    @GetMapping("/internal/v1/tenants/{id}/standing")
    Tenants.Standing standing(@org.springframework.web.bind.annotation.PathVariable String id) {
        return tenants.standing(id).orElseThrow(() -> io.bothub.support.web.ProblemException.notFound("tenant", id));
    }

    @GetMapping("/api/v1/tenants/me/usage")
    Map<String, Long> usage(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return tenants.usageToday(caller.tenantId());
    }

    /** 202: this service's data is gone now, the other services' as each reads the deletion event. */
    @DeleteMapping("/api/v1/tenants/me")
    ResponseEntity<Void> delete(Caller caller) {
        caller.require(Scopes.ADMIN);
        tenants.delete(caller.tenantId(), caller.principal());
        return ResponseEntity.accepted().build();
    }
}
