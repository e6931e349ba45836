package io.bothub.events;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bothub.events.bot.BotEndpointChanged;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.command.CommandQueued;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.events.metrics.AlertRaised;
import io.bothub.events.metrics.AlertResolved;
import io.bothub.events.metrics.BotHealthReported;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.session.SessionModeChanged;
import io.bothub.events.session.SessionTransferred;
import io.bothub.events.skill.SkillInstalled;
import io.bothub.events.skill.SkillPublished;
import io.bothub.events.skill.SkillRated;
import io.bothub.events.task.TaskCreated;
import io.bothub.events.task.TaskRouted;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.events.tenant.TenantConfigured;
import io.bothub.events.tenant.TenantDeleted;

/** One fixed instance of every event type, the same every run, for golden-JSON and round-trip tests. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");
    static final URI SOURCE = URI.create("/bothub/test");

    static final Map<Class<? extends BotHubEvent>, BotHubEvent> BY_CLASS = samples();

    private SampleEvents() {
    }

    static EventEnvelope<BotHubEvent> envelope(BotHubEvent data) {
        return new EventEnvelope<>("0b6f4a52-5f52-4f0e-9d0c-1f1c2a3b4c5d", SOURCE,
                EventCatalog.typeOf(data.getClass()), AT, "tenant-acme", "corr-42", data);
    }

    private static Map<Class<? extends BotHubEvent>, BotHubEvent> samples() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", "hello");
        payload.put("replyTo", null);
        Map<Class<? extends BotHubEvent>, BotHubEvent> samples = new LinkedHashMap<>();
        samples.put(BotRegistered.class, new BotRegistered("bot-1", "Support bot", "customer-service",
                List.of("chat", "translate"), 10, 100, "https://bot.example/webhook", AT));
        samples.put(BotStatusChanged.class,
                new BotStatusChanged("bot-1", "online", "offline", "heartbeat-timeout", "system", AT));
        samples.put(BotUpdated.class, new BotUpdated("bot-1", "Support bot", "customer-service", "customer-service",
                List.of("chat"), 20, 150, 5, List.of("vip"), true, AT));
        samples.put(BotHeartbeat.class, new BotHeartbeat("bot-1", "online", 0.25, 2, 3, 41.5, 62.0, "1.4.2", AT));
        samples.put(TaskCreated.class, new TaskCreated("task-1", "Resize ECS instances", "high",
                List.of("cloud-ops"), null, AT.plusSeconds(3600), "user-7", AT));
        samples.put(CommandQueued.class,
                new CommandQueued("cmd-1", "bot-1", "send_message", 5, "batch-9", null, AT));
        samples.put(CommandStatusChanged.class, new CommandStatusChanged("cmd-1", "bot-1", "send_message", "batch-9",
                "sent", "acknowledged", 2, "acknowledged-in-response", Map.of("delivered", true), AT));
        samples.put(BotEndpointChanged.class, new BotEndpointChanged("bot-1", "https://bot.example/webhook",
                List.of(new BotEndpointChanged.SealedSecret("transit-1", "bm9uY2UtYW5kLWNpcGhlcnRleHQ=", null),
                        new BotEndpointChanged.SealedSecret("transit-1", "b2xkLXNlY3JldA==", AT.plusSeconds(86400))),
                AT));
        samples.put(TenantDeleted.class, new TenantDeleted("tn-acme", "user:us-admin", AT));
        samples.put(CallbackReceived.class,
                new CallbackReceived("msg_2Kc9", "bot-1", "message", "text", payload, AT));
        samples.put(TaskStatusChanged.class, new TaskStatusChanged("task-1", "bot-1", "running", "completed",
                "reported-by-bot", 100, Map.of("resized", 3), AT));
        samples.put(TaskRouted.class, new TaskRouted("task-1", "bot-1", "least-load", List.of("bot-1", "bot-2"), AT));
        samples.put(SessionAssigned.class, new SessionAssigned("se-1", "bot-1", "conv-7", "user-3", "normal",
                "least-sessions", 1500, AT));
        samples.put(SessionTransferred.class, new SessionTransferred("se-1", "bot-1", "bot-2", "bot-offline", 2, AT));
        samples.put(SessionModeChanged.class, new SessionModeChanged("se-1", "bot-1", "waiting_human", "human",
                "agent-ann", "accepted", AT));
        samples.put(SessionClosed.class, new SessionClosed("se-1", "bot-2", "closed", 14, AT));
        samples.put(BotHealthReported.class, new BotHealthReported("bot-1", 87.5, 420.0, 0.98, 0.02, 4, "5m", AT));
        samples.put(AlertRaised.class, new AlertRaised("al-1", "rule-offline", "bot-offline", "critical", "bot-1",
                null, "bot-1 is offline", 1.0, 1.0, AT));
        samples.put(AlertResolved.class, new AlertResolved("al-1", "rule-offline", "cleared", AT));
        samples.put(SkillPublished.class, new SkillPublished("sk-1", "weather-lookup", "1.2.0", "bot-1",
                "bot:bot-1", "public", List.of("weather"), AT));
        samples.put(SkillInstalled.class, new SkillInstalled("sk-1", "weather-lookup", "1.2.0", "bot-2",
                List.of("weather"), AT));
        samples.put(SkillRated.class, new SkillRated("sk-1", "bot:bot-2", 4, 3, 4.25, 8, AT));
        samples.put(TenantConfigured.class, new TenantConfigured("tn-acme", "active", 100, 120000, 50000, AT));
        return samples;
    }
}
