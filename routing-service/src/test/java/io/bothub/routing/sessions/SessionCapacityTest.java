package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SessionCapacityTest {

    private final SessionCapacity capacity = new SessionCapacity(null, null);

    @Test
    void theSeatCountsAreReadBackFromTheirEncodedFormWhateverTheIds() {
        // As Redis's cjson encodes HGETALL: [field, value, …], "/" escaped; an empty hash as an empty object.
        byte[] encoded = "[\"bot-a\",\"3\",\"b\\/\\\"\\u00f8t\",\"0\",\"x y\",\"-1\"]".getBytes(StandardCharsets.UTF_8);

        assertThat(capacity.parseLoads(encoded)).containsOnly(entry("bot-a", 3), entry("b/\"øt", 0), entry("x y", -1));
        assertThat(capacity.parseLoads("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(capacity.parseLoads(null)).isEmpty();
    }
}
