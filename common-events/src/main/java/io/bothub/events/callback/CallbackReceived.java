package io.bothub.events.callback;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventType;
import io.bothub.events.Topics;

/**
 * A bot's signed callback was verified and accepted. Published once per callback id.
 *
 * @param callbackId   the id the bot signed (the Standard Webhooks {@code webhook-id})
 * @param botId        the bot that sent it
 * @param callbackType {@code message}, {@code event} or {@code status}
 * @param eventType    the finer kind, for example {@code text}, {@code command.ack}, if given
 * @param payload      the callback body as the bot sent it
 * @param receivedAt   when BotHub accepted it
 */
@EventType(name = "io.bothub.callback.received", version = 1, topic = Topics.CALLBACK_RECEIVED)
public record CallbackReceived(String callbackId, String botId, String callbackType, @Nullable String eventType,
        Map<String, Object> payload, Instant receivedAt) implements BotHubEvent {

    public CallbackReceived {
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(callbackType, "callbackType");
        Objects.requireNonNull(receivedAt, "receivedAt");
        // JSON bodies may hold nulls, which Map.copyOf refuses.
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    @Override
    public String partitionKey() {
        return botId;
    }
}
