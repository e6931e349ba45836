package io.bothub.sdk.sample;

import java.net.URI;
import java.util.Map;

import io.bothub.sdk.BotConnection;
import io.bothub.sdk.BotCredentials;
import io.bothub.sdk.BotHubClient;
import io.bothub.sdk.Load;
import io.bothub.sdk.Registration;

/**
 * The smallest useful bot: registers, heartbeats, and reports a greeting as a message callback.
 * Run against a local platform: {@code java -cp … io.bothub.sdk.sample.EchoBot http://localhost:8080 acme}.
 */
public final class EchoBot {

    private EchoBot() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI gateway = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        // An agent API key with the config_write scope, made by the tenant's administrator (see README).
        String registrationKey = args.length > 1 ? args[1] : System.getenv("BOTHUB_REGISTRATION_KEY");
        if (registrationKey == null) {
            System.err.println("usage: EchoBot <gateway url> <registration key> (or set BOTHUB_REGISTRATION_KEY)");
            System.exit(2);
        }
        BotHubClient hub = new BotHubClient(gateway, registrationKey);
        BotCredentials credentials = hub.register(Registration.named("Echo bot").withCapabilities("chat", "echo")
                .beatingEvery(10));
        System.out.println("registered " + credentials);
        try (BotConnection bot = hub.connect(credentials, Load::idle)) {
            bot.sendCallback("message", "text", Map.of("text", "hello from " + bot.botId()));
            Thread.sleep(30_000);
            System.out.println("heartbeats sent: " + bot.beatsSent());
        }
    }
}
