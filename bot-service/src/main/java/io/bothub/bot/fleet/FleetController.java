package io.bothub.bot.fleet;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/** The frontend's fleet API. The tenant comes from {@code X-BotHub-Tenant-Id}, set by the gateway. */
@RestController
class FleetController {

    static final String TENANT = "X-BotHub-Tenant-Id";
    static final String PRINCIPAL = "X-BotHub-Principal";

    private final FleetQuery query;
    private final ConfiguringBots configuring;
    private final Groups groups;
    private final Roles roles;

    FleetController(FleetQuery query, ConfiguringBots configuring, Groups groups, Roles roles) {
        this.query = query;
        this.configuring = configuring;
        this.groups = groups;
        this.roles = roles;
    }

    @GetMapping("/api/v1/bots")
    FleetPage<BotSummary> list(Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String group,
            @RequestParam(required = false) @Nullable String role,
            @RequestParam(required = false) @Nullable String capability,
            @RequestParam(required = false) @Nullable String tag,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return query.list(tenantId, new FleetQuery.Filter(status, group, role, capability, tag, q), page, size);
    }

    @PatchMapping("/api/v1/bots/{botId}")
    BotSummary configure(Caller caller, @PathVariable String botId,
            @Valid @RequestBody BotConfiguration change) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        return configuring.configure(tenantId, botId, change);
    }

    @PostMapping("/api/v1/bots/batch")
    Map<String, List<String>> batch(Caller caller,
            @RequestHeader(value = PRINCIPAL, defaultValue = "unknown") String principal,
            @Valid @RequestBody ConfiguringBots.BatchAction action) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        return Map.of("notFound", configuring.batch(tenantId, action, principal));
    }

    @GetMapping("/api/v1/bot-groups")
    List<Groups.Group> groups(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return groups.of(tenantId);
    }

    @GetMapping("/api/v1/bot-roles")
    List<Roles.Role> roles(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return roles.of(tenantId);
    }
}
