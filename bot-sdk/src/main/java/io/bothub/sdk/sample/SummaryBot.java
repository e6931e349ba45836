package io.bothub.sdk.sample;

import java.net.URI;
import java.util.Map;

import io.bothub.sdk.BotConnection;
import io.bothub.sdk.BotCredentials;
import io.bothub.sdk.BotHubClient;
import io.bothub.sdk.Load;
import io.bothub.sdk.Registration;
import io.bothub.sdk.Task;
import io.bothub.sdk.TaskFailure;
import io.bothub.sdk.TaskProgress;

/**
 * A bot that takes tasks (seed 000's "summarise this document"): registers with the {@code summarise} capability,
 * heartbeats, pulls its tasks and answers each with the first sentence and the word count of {@code params.text}.
 * Run against a local platform: {@code java -cp … io.bothub.sdk.sample.SummaryBot http://localhost:8080 <agent key>}.
 */
public final class SummaryBot {

    private SummaryBot() {
    }

    /** The task handler: what this bot does with a task. */
    public static Map<String, ?> summarise(Task task, TaskProgress progress) throws TaskFailure {
        var text = task.params().get("text");
        if (text == null || !text.isString() || text.asString().isBlank()) {
            throw new TaskFailure("params.text is missing: nothing to summarise");
        }
        String words = text.asString().strip();
        progress.report(50, "read " + words.length() + " characters");
        int end = words.indexOf('.');
        String first = end < 0 ? words : words.substring(0, end + 1);
        return Map.of("summary", first, "words", words.split("\\s+").length);
    }

    public static void main(String[] args) throws InterruptedException {
        URI gateway = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        String registrationKey = args.length > 1 ? args[1] : System.getenv("BOTHUB_REGISTRATION_KEY");
        if (registrationKey == null) {
            System.err.println("usage: SummaryBot <gateway url> <registration key> (or set BOTHUB_REGISTRATION_KEY)");
            System.exit(2);
        }
        BotHubClient hub = new BotHubClient(gateway, registrationKey);
        BotCredentials credentials = hub.register(Registration.named("Summary bot").withCapabilities("summarise")
                .beatingEvery(10));
        System.out.println("registered " + credentials + "; taking tasks until stopped");
        try (BotConnection bot = hub.connect(credentials, Load::idle)) {
            bot.onTask(SummaryBot::summarise);
            Thread.currentThread().join();
        }
    }
}
