package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SessionCapacityTest {

    @Test
    void theSeatCountsAreReadBackFromTheirPackedFormWhateverTheIds() {
        // "<held> <bytes of id> <id>" per bot, as the script packs HGETALL; ids are cut by their length in bytes.
        byte[] packed = ("3 5 bot-a" + "0 6 bot 12" + "2 9 bøt-ü-1" + "-1 3 x y").getBytes(StandardCharsets.UTF_8);

        assertThat(SessionCapacity.parseLoads(packed)).containsOnly(
                entry("bot-a", 3), entry("bot 12", 0),
                entry("bøt-ü-1", 2), entry("x y", -1));
        assertThat(SessionCapacity.parseLoads(new byte[0])).isEmpty();
        assertThat(SessionCapacity.parseLoads(null)).isEmpty();
    }
}
