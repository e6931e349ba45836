package io.bothub.events;

/** An event of a known name but a version this build does not understand. */
public class UnsupportedEventVersionException extends EventFormatException {

    public UnsupportedEventVersionException(String message) {
        super(message);
    }
}
