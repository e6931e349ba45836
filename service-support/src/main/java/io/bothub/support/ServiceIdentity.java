package io.bothub.support;

import java.net.URI;

/**
 * Who this service is on the wire: its name (also its Kafka consumer group) and the CloudEvents {@code source}
 * of what it publishes.
 */
public record ServiceIdentity(String name) {

    public URI eventSource() {
        return URI.create("/bothub/" + name);
    }
}
