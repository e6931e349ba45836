package io.bothub.events.session;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A session moved between AI and human handling: {@code ai} → {@code waiting_human} → {@code human} → {@code ai}.
 *
 * @param sessionId    the session
 * @param botId        its bot, if it has one
 * @param previousMode the mode before
 * @param newMode      the mode now
 * @param humanAgent   the human who took it, in {@code human} mode
 * @param reason       for example {@code requested}, {@code accepted}, {@code released}, {@code human-timeout}
 * @param changedAt    when
 */
@EventType(name = "io.bothub.session.mode-changed", version = 1, topic = Topics.SESSION_LIFECYCLE)
public record SessionModeChanged(String sessionId, @Nullable String botId, String previousMode, String newMode,
        @Nullable String humanAgent, String reason, Instant changedAt) implements BotHubEvent {

    public SessionModeChanged {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(previousMode, "previousMode");
        Objects.requireNonNull(newMode, "newMode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    @Override
    public String partitionKey() {
        return sessionId;
    }
}
