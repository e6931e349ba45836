package io.bothub.sdk;

/** BotHub refused a call, or could not be reached. {@link #status()} is 0 when no answer came. */
public class BotHubException extends RuntimeException {

    private final int status;

    public BotHubException(int status, String message) {
        super(message);
        this.status = status;
    }

    public BotHubException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
