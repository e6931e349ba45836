package io.bothub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bothub.sdk.BotConnection;
import io.bothub.sdk.BotCredentials;
import io.bothub.sdk.BotHubClient;
import io.bothub.sdk.BotHubException;
import io.bothub.sdk.Load;
import io.bothub.sdk.Registration;
import tools.jackson.databind.json.JsonMapper;

/** A bot built on the SDK, as a bot author would run it: through the gateway, registered with an agent key. */
class SdkBotThroughGatewayTest {

    private static RunningPlatform platform;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = RunningPlatform.get();
    }

    @Test
    void anSdkBotRegistersBeatsReportsAndGoesOfflineWhenItStops() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "sdk");
        BotHubClient hub = new BotHubClient(URI.create(platform.gateway), acme.agentKey(platform.gateway, "config_write"));
        BotCredentials credentials = hub.register(Registration.named("SDK bot").withId("sdk-bot")
                .withCapabilities("chat").inGroup("customer-service").beatingEvery(1));
        assertThat(credentials.tenantId()).isEqualTo(acme.id());
        AtomicInteger sessions = new AtomicInteger(3);

        try (BotConnection bot = hub.connect(credentials, () -> new Load("online", 0.1, 0, sessions.get(), 5.0, 40.0))) {
            awaitStatus(acme, "online");
            String callbackId = bot.sendCallback("message", "text", Map.of("text", "hi", "user", "u-1"));
            assertThat(callbackId).isNotBlank();
            Thread.sleep(2500);
            assertThat(bot.beatsSent()).isGreaterThanOrEqualTo(2);
            assertThat(bot.beatsFailed()).isZero();
            assertThat(status(acme)).as("a beating bot stays online").isEqualTo("online");
        }
        awaitStatus(acme, "offline");
    }

    @Test
    void registeringTheSameIdTwiceOrWithoutTheScopeFailsClearlyInTheSdk() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "sdk-twice");
        BotHubClient hub = new BotHubClient(URI.create(platform.gateway), acme.agentKey(platform.gateway, "config_write"));
        hub.register(Registration.named("One").withId("same"));

        assertThatThrownBy(() -> hub.register(Registration.named("Two").withId("same")))
                .isInstanceOf(BotHubException.class)
                .hasMessageContaining("409").hasMessageContaining("already registered");
        BotHubClient reader = new BotHubClient(URI.create(platform.gateway), acme.agentKey(platform.gateway, "config_read"));
        assertThatThrownBy(() -> reader.register(Registration.named("Three").withId("three")))
                .isInstanceOf(BotHubException.class).hasMessageContaining("403");
        assertThatThrownBy(() -> new BotHubClient(URI.create(platform.gateway), "bh_ak_not_a_key")
                .register(Registration.named("Four"))).isInstanceOf(BotHubException.class).hasMessageContaining("401");
    }

    private void awaitStatus(PlatformTenant tenant, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!wanted.equals(status(tenant))) {
            assertThat(System.nanoTime()).as("bot never became %s", wanted).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private String status(PlatformTenant tenant) throws Exception {
        return json.readTree(PlatformTenant.send(platform.gateway, "GET", "/api/v1/bots/sdk-bot", tenant.adminToken(), null)
                .body()).get("status").asString();
    }
}
