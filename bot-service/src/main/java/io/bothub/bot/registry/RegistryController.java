package io.bothub.bot.registry;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;
import io.bothub.support.web.ProblemException;

/**
 * Registration and lookup. The tenant comes from {@code X-BotHub-Tenant-Id}, which the gateway sets from the
 * verified caller.
 */
@RestController
class RegistryController {

    static final String TENANT_HEADER = "X-BotHub-Tenant-Id";

    private final RegisteringBots registering;
    private final RotatingCredentials rotating;
    private final Bots bots;
    private final AgentCards agentCards;

    RegistryController(RegisteringBots registering, RotatingCredentials rotating, Bots bots, AgentCards agentCards) {
        this.agentCards = agentCards;
        this.registering = registering;
        this.rotating = rotating;
        this.bots = bots;
    }

    /** New API key and webhook secret; the old ones keep working for the grace period. */
    @PostMapping("/api/v1/bots/{botId}/credentials/rotate")
    RotatingCredentials.RotatedCredentials rotate(Caller caller,
            @PathVariable String botId) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        return rotating.rotate(tenantId, botId);
    }

    @PostMapping("/api/v1/bots/register")
    ResponseEntity<Registration> register(Caller caller,
            @Valid @RequestBody RegistrationRequest request) {
        caller.require(Scopes.CONFIG_WRITE);
        String tenantId = caller.tenantId();
        Registration registration = registering.register(tenantId, request);
        return ResponseEntity.created(URI.create("/api/v1/bots/" + registration.botId())).body(registration);
    }

    /** The bot's A2A Agent Card, as it registered it. */
    @GetMapping("/api/v1/bots/{botId}/agent-card")
    java.util.Map<String, Object> agentCard(Caller caller, @PathVariable String botId) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return agentCards.of(tenantId, botId).orElseThrow(() -> ProblemException.notFound("agent card of bot", botId));
    }

    @GetMapping("/api/v1/bots/{botId}")
    @Transactional(readOnly = true)
    BotDetails bot(Caller caller, @PathVariable String botId) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return bots.findById(new BotKey(tenantId, botId)).map(BotDetails::of)
                .orElseThrow(() -> ProblemException.notFound("bot", botId));
    }
}
