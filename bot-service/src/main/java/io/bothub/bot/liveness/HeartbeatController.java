package io.bothub.bot.liveness;

import java.time.Clock;
import java.time.Instant;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.bot.registry.AuthenticatedBot;
import io.bothub.bot.registry.BotAuthenticator;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.support.messaging.TelemetryPublisher;

/**
 * {@code POST /api/v1/bots/heartbeat}. The hot path: one Redis script (which also reads the bot's pending commands),
 * one Kafka send that is not waited for,
 * and a PostgreSQL write only when the beat changes the bot's status.
 */
@RestController
class HeartbeatController {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatController.class);

    private final BotAuthenticator authenticator;
    private final LiveFleet fleet;
    private final StatusChanges statusChanges;
    private final TelemetryPublisher telemetry;
    private final HeartbeatSettings settings;
    private final Clock clock;

    HeartbeatController(BotAuthenticator authenticator, LiveFleet fleet, StatusChanges statusChanges,
            TelemetryPublisher telemetry, HeartbeatSettings settings, Clock clock) {
        this.authenticator = authenticator;
        this.fleet = fleet;
        this.statusChanges = statusChanges;
        this.telemetry = telemetry;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping("/api/v1/bots/heartbeat")
    HeartbeatAccepted beat(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            @Valid @RequestBody(required = false) @Nullable HeartbeatReport body) {
        AuthenticatedBot bot = authenticator.authenticate(authorization);
        HeartbeatReport report = body != null ? body : new HeartbeatReport(null, null, null, null, null, null, null);
        Instant now = clock.instant();
        Instant deadline = now.plusSeconds((long) bot.heartbeatIntervalSeconds() * settings.missedBeats());
        LiveFleet.Beat beat = fleet.beat(bot.key(), deadline, report, now);
        beat.change().ifPresent(change -> statusChanges.apply(change, "heartbeat", "bot:" + bot.key().botId()));
        telemetry.publish(bot.key().tenantId(), null, new BotHeartbeat(bot.key().botId(), report.statusOrOnline(),
                report.currentLoadOrZero(), report.activeTasksOrZero(), report.activeSessionsOrZero(),
                report.cpuPercent(), report.memoryPercent(), report.version(), now))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("Heartbeat of {} not published: {}", bot.key().botId(), error.toString());
                    }
                });
        return new HeartbeatAccepted(bot.key().botId(), report.statusOrOnline(), bot.heartbeatIntervalSeconds(),
                beat.pendingCommands());
    }

    /**
     * The answer to a beat.
     *
     * @param nextHeartbeatInSeconds when the bot should beat again
     * @param pendingCommands        commands waiting in its queue: a bot that cannot be pushed to pulls them
     *                               ({@code GET /api/v1/commands/next})
     */
    record HeartbeatAccepted(String botId, String status, int nextHeartbeatInSeconds, int pendingCommands) {
    }
}
