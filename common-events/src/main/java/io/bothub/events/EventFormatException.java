package io.bothub.events;

/**
 * A record on a BotHub topic that cannot be read as an event: a missing or invalid CloudEvents attribute, an
 * unknown type, an unsupported version, or a payload that does not fit its record. Retrying cannot fix it, so
 * consumers send such records straight to the dead-letter topic.
 */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
