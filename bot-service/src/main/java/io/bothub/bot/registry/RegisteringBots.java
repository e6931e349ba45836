package io.bothub.bot.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.events.bot.BotRegistered;
import io.bothub.support.outbox.Outbox;
import io.bothub.bot.fleet.Groups;
import io.bothub.bot.quotas.BotQuota;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.secrets.SecretSealer;

/** Registers a bot: stores it with hashed and sealed credentials and announces it on {@code bot.lifecycle}. */
@Service
class RegisteringBots {

    static final int DEFAULT_MAX_SESSIONS = 10;
    static final int DEFAULT_WEIGHT = 100;
    static final int DEFAULT_HEARTBEAT_SECONDS = 30;

    private final Bots bots;
    private final AgentCards agentCards;
    private final Groups groups;
    private final Outbox outbox;
    private final SecretSealer sealer;
    private final EndpointAnnouncements endpoints;
    private final Clock clock;
    private final BotQuota quota;

    RegisteringBots(Bots bots, AgentCards agentCards, Groups groups, Outbox outbox, SecretSealer sealer,
            EndpointAnnouncements endpoints, Clock clock, BotQuota quota) {
        this.quota = quota;
        this.bots = bots;
        this.agentCards = agentCards;
        this.groups = groups;
        this.outbox = outbox;
        this.sealer = sealer;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Transactional
    Registration register(String tenantId, RegistrationRequest request) {
        String botId = request.botId() != null ? request.botId() : "bot-" + UUID.randomUUID();
        if (request.agentCard() != null) {
            List<FieldProblem> cardProblems = AgentCards.problemsWith(request.agentCard());
            if (!cardProblems.isEmpty()) {
                throw ProblemException.invalid(cardProblems);
            }
        }
        if (request.groupId() != null && !groups.exists(tenantId, request.groupId())) {
            throw ProblemException.invalid(List.of(new FieldProblem("groupId",
                    "no group '" + request.groupId() + "' in this tenant")));
        }
        if (bots.existsByTenantIdAndBotId(tenantId, botId)) {
            throw ProblemException.conflict("bot-exists", "bot '" + botId + "' is already registered in this tenant");
        }
        quota.requireRoomForOneMore(tenantId);
        List<String> capabilities = new java.util.ArrayList<>(Objects.requireNonNullElse(request.capabilities(), List.of()));
        if (request.agentCard() != null) {
            capabilities.addAll(AgentCards.skillCapabilities(request.agentCard()));
        }
        String apiKey = Credentials.newApiKey();
        String webhookSecret = Credentials.newWebhookSecret();
        Instant now = clock.instant();
        Bot bot = new Bot(tenantId, botId, request.name().strip(), request.groupId(),
                capabilities.stream().distinct().toList(),
                Objects.requireNonNullElse(request.maxConcurrentSessions(), DEFAULT_MAX_SESSIONS),
                Objects.requireNonNullElse(request.weight(), DEFAULT_WEIGHT), request.webhookUrl(),
                Credentials.hash(apiKey), Credentials.displayPrefix(apiKey), sealer.seal(webhookSecret),
                Objects.requireNonNullElse(request.heartbeatIntervalSeconds(), DEFAULT_HEARTBEAT_SECONDS), now);
        // saveAndFlush: a concurrent registration of the same id fails here, inside the transaction, not later.
        bots.saveAndFlush(bot);
        if (request.agentCard() != null) {
            agentCards.store(tenantId, botId, request.agentCard());
        }
        outbox.add(tenantId, new BotRegistered(bot.botId(), bot.name(), bot.groupId(), bot.capabilities(),
                bot.maxConcurrentSessions(), bot.weight(), bot.webhookUrl(), now));
        endpoints.announce(tenantId, bot.botId(), bot.webhookUrl(), webhookSecret, null, null);
        return new Registration(tenantId, botId, apiKey, Credentials.displayPrefix(apiKey), webhookSecret,
                bot.status());
    }
}
