package io.bothub.events;

/**
 * A fact one service states to the others. Implementations are immutable records annotated with
 * {@link EventType} and listed in {@link EventCatalog}.
 */
public interface BotHubEvent {

    /**
     * The Kafka record key: the events of one key stay in order. For bot events this is the bot id.
     */
    String partitionKey();
}
