package io.bothub.events.session;

import java.time.Instant;
import java.util.Objects;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A live session moved from one bot to another, by request or because its bot went offline.
 *
 * @param sessionId     the session
 * @param fromBotId     the bot that held it
 * @param toBotId       the bot that holds it now
 * @param reason        for example {@code requested} or {@code bot-offline}
 * @param switchCount   how many times the session has changed bots, this one included
 * @param transferredAt when
 */
@EventType(name = "io.bothub.session.transferred", version = 1, topic = Topics.SESSION_LIFECYCLE)
public record SessionTransferred(String sessionId, String fromBotId, String toBotId, String reason, int switchCount,
        Instant transferredAt) implements BotHubEvent {

    public SessionTransferred {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(fromBotId, "fromBotId");
        Objects.requireNonNull(toBotId, "toBotId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(transferredAt, "transferredAt");
    }

    @Override
    public String partitionKey() {
        return sessionId;
    }
}
