package io.bothub.bot.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.sdk.BotConnection;
import io.bothub.sdk.BotCredentials;
import io.bothub.sdk.BotHubClient;
import io.bothub.sdk.BotHubException;
import io.bothub.sdk.Load;
import io.bothub.sdk.Registration;
import io.bothub.testsupport.WithRealInfrastructure;

/** A bot built on the SDK, against a real bot-service: it registers, stays online while it beats, and reports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bothub.heartbeat.missed-beats=2", "bothub.heartbeat.sweep-interval=100ms"})
@WithRealInfrastructure
class SdkBotTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    void anSdkBotRegistersBeatsReportsAndGoesOfflineWhenItStops() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        BotHubClient hub = new BotHubClient(URI.create("http://localhost:" + port), tenant);
        BotCredentials credentials = hub.register(Registration.named("SDK bot").withId("sdk-bot")
                .withCapabilities("chat").inGroup("customer-service").beatingEvery(1));
        AtomicInteger sessions = new AtomicInteger(3);

        try (BotConnection bot = hub.connect(credentials, () -> new Load("online", 0.1, 0, sessions.get(), 5.0, 40.0))) {
            awaitStatus(tenant, "online");
            String callbackId = bot.sendCallback("message", "text", Map.of("text", "hi", "user", "u-1"));
            assertThat(jdbc.sql("select callback_type from callback_log where tenant_id = :t and callback_id = :id")
                    .param("t", tenant).param("id", callbackId).query(String.class).single()).isEqualTo("message");
            Thread.sleep(2500);
            assertThat(bot.beatsSent()).isGreaterThanOrEqualTo(2);
            assertThat(bot.beatsFailed()).isZero();
            assertThat(status(tenant)).as("a beating bot stays online").isEqualTo("online");
        }
        awaitStatus(tenant, "offline");
    }

    @Test
    void registeringTheSameIdTwiceFailsClearlyInTheSdk() {
        String tenant = "tenant-" + UUID.randomUUID();
        BotHubClient hub = new BotHubClient(URI.create("http://localhost:" + port), tenant);
        hub.register(Registration.named("One").withId("same"));

        assertThatThrownBy(() -> hub.register(Registration.named("Two").withId("same")))
                .isInstanceOf(BotHubException.class)
                .hasMessageContaining("409").hasMessageContaining("already registered");
    }

    private void awaitStatus(String tenant, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!wanted.equals(status(tenant))) {
            assertThat(System.nanoTime()).as("bot never became %s", wanted).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private String status(String tenant) {
        return jdbc.sql("select status from bot where tenant_id = :t").param("t", tenant).query(String.class).single();
    }
}
