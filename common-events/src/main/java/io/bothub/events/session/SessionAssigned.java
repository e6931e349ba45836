package io.bothub.events.session;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A session got a bot: at opening, or later from the waiting queue.
 *
 * @param sessionId      the session
 * @param botId          the bot now holding it
 * @param conversationId the channel's conversation, if the session came from one
 * @param userId         the end user, if known
 * @param priority       {@code normal} or {@code urgent}
 * @param strategy       how the bot was chosen, for example {@code least-sessions} or {@code affinity}
 * @param waitedMillis   how long the session waited for a seat
 * @param assignedAt     when
 */
@EventType(name = "io.bothub.session.assigned", version = 1, topic = Topics.SESSION_LIFECYCLE)
public record SessionAssigned(String sessionId, String botId, @Nullable String conversationId,
        @Nullable String userId, String priority, String strategy, long waitedMillis, Instant assignedAt)
        implements BotHubEvent {

    public SessionAssigned {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(assignedAt, "assignedAt");
    }

    @Override
    public String partitionKey() {
        return sessionId;
    }
}
