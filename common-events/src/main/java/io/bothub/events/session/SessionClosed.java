package io.bothub.events.session;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A session ended, freeing its bot's seat; or, never assigned, it left the waiting queue.
 *
 * @param sessionId the session
 * @param botId     the bot that held it, if any
 * @param reason    for example {@code closed}, {@code escalated-to-human} (waited too long)
 * @param messages  how many messages it had
 * @param closedAt  when
 */
@EventType(name = "io.bothub.session.closed", version = 1, topic = Topics.SESSION_LIFECYCLE)
public record SessionClosed(String sessionId, @Nullable String botId, String reason, int messages, Instant closedAt)
        implements BotHubEvent {

    public SessionClosed {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(closedAt, "closedAt");
    }

    @Override
    public String partitionKey() {
        return sessionId;
    }
}
