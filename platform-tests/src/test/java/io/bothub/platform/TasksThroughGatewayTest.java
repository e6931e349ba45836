package io.bothub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bothub.sdk.BotConnection;
import io.bothub.sdk.BotCredentials;
import io.bothub.sdk.BotHubClient;
import io.bothub.sdk.Load;
import io.bothub.sdk.Registration;
import io.bothub.sdk.sample.SummaryBot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task from a requester to a bot built on the SDK (the sample SummaryBot), all through the gateway: created for a
 * chosen bot, approved by the administrator under the tenant's policy, pulled by the bot's task loop, started,
 * progressed and completed with the bot's result.
 */
class TasksThroughGatewayTest {

    private static RunningPlatform platform;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = RunningPlatform.get();
    }

    @Test
    void anSdkBotTakesAnApprovedTaskFromCreationToCompletion() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "tasks");
        HttpResponse<String> policy = PlatformTenant.send(platform.gateway, "PUT", "/api/v1/tasks/policy", acme.adminToken(),
                "{\"approvalFrom\":\"low\"}");
        assertThat(policy.statusCode()).isEqualTo(200);
        String requesterKey = acme.agentKey(platform.gateway, "tasks");

        BotHubClient hub = new BotHubClient(URI.create(platform.gateway), acme.agentKey(platform.gateway, "config_write"));
        BotCredentials credentials = hub.register(Registration.named("Summary bot").withId("summary-bot")
                .withCapabilities("summarise").beatingEvery(1));
        try (BotConnection bot = hub.connect(credentials, Load::idle)) {
            bot.onTask(SummaryBot::summarise, Duration.ofSeconds(3));

            String id = json.readTree(createWhenTheBotIsKnown(requesterKey,
                    "{\"title\":\"Summarise the memo\",\"params\":{\"text\":\"Revenue grew 12 percent. Costs fell.\"},"
                            + "\"priority\":\"normal\",\"botId\":\"summary-bot\"}")).get("id").asString();
            assertThat(task(acme, id).get("status").asString()).isEqualTo("pending_approval");
            Thread.sleep(1000);
            assertThat(task(acme, id).get("status").asString()).as("no bot works on it before approval")
                    .isEqualTo("pending_approval");

            HttpResponse<String> byTheBot = PlatformTenant.send(platform.gateway, "POST", "/api/v1/tasks/" + id + "/approve",
                    credentials.apiKey(), null);
            assertThat(byTheBot.statusCode()).as("a bot cannot approve work for itself").isEqualTo(403);
            HttpResponse<String> approved = PlatformTenant.send(platform.gateway, "POST", "/api/v1/tasks/" + id + "/approve",
                    acme.adminToken(), null);
            assertThat(approved.statusCode()).isEqualTo(200);

            JsonNode done = awaitFinished(acme, id);
            assertThat(done.get("task").get("status").asString()).isEqualTo("completed");
            assertThat(done.get("task").get("botId").asString()).isEqualTo("summary-bot");
            assertThat(done.get("task").get("result").get("summary").asString()).isEqualTo("Revenue grew 12 percent.");
            assertThat(done.get("task").get("result").get("words").asInt()).isEqualTo(6);
            assertThat(done.get("task").get("requestedBy").asString()).startsWith("agent:");
            assertThat(done.get("history").findValuesAsString("reason"))
                    .containsExactly("created", "approved", "chosen-bot", "delivered", "started", "progress", "completed");
            assertThat(bot.tasksCompleted()).isEqualTo(1);

            // The bot's handler refuses a task it cannot do: the SDK reports the failure with the handler's reason.
            PlatformTenant.send(platform.gateway, "PUT", "/api/v1/tasks/policy", acme.adminToken(), "{\"approvalFrom\":null}");
            String empty = json.readTree(createWhenTheBotIsKnown(requesterKey,
                    "{\"title\":\"Summarise nothing\",\"botId\":\"summary-bot\"}")).get("id").asString();
            JsonNode failed = awaitFinished(acme, empty);
            assertThat(failed.get("task").get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("task").get("failureReason").asString()).contains("params.text is missing");
        }
    }

    @Test
    void aTaskNamingNoBotIsRoutedByRoutingServiceToTheCapableSdkBotAndCompleted() throws Exception {
        PlatformTenant acme = PlatformTenant.signUp(platform.gateway, "routed");
        String requesterKey = acme.agentKey(platform.gateway, "tasks");
        BotHubClient hub = new BotHubClient(URI.create(platform.gateway), acme.agentKey(platform.gateway, "config_write"));
        hub.register(Registration.named("Chatter").withId("chatter").withCapabilities("chat").beatingEvery(1));
        BotCredentials summariser = hub.register(Registration.named("Summariser").withId("summariser")
                .withCapabilities("summarise").beatingEvery(1));
        try (BotConnection bot = hub.connect(summariser, Load::idle)) {
            bot.onTask(SummaryBot::summarise, Duration.ofSeconds(3));

            HttpResponse<String> created = PlatformTenant.send(platform.gateway, "POST", "/api/v1/tasks", requesterKey,
                    "{\"title\":\"Summarise the note\",\"params\":{\"text\":\"Ship on Friday. Tell the team.\"},"
                            + "\"requiredCapabilities\":[\"summarise\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = json.readTree(created.body()).get("id").asString();

            JsonNode done = awaitFinished(acme, id);
            assertThat(done.get("task").get("status").asString()).isEqualTo("completed");
            assertThat(done.get("task").get("botId").asString()).as("the only online bot with the capability")
                    .isEqualTo("summariser");
            assertThat(done.get("task").get("result").get("summary").asString()).isEqualTo("Ship on Friday.");
        }
    }

    /** Creates the task once task-service has learnt of the bot from bot-service's events (within moments). */
    private String createWhenTheBotIsKnown(String key, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> created = PlatformTenant.send(platform.gateway, "POST", "/api/v1/tasks", key, body);
            if (created.statusCode() == 201) {
                return created.body();
            }
            assertThat(created.body()).as("only an unknown bot may delay creation").contains("botId");
            assertThat(System.nanoTime()).as("task-service never learnt of the bot").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode task(PlatformTenant tenant, String id) throws Exception {
        return detail(tenant, id).get("task");
    }

    private JsonNode detail(PlatformTenant tenant, String id) throws Exception {
        HttpResponse<String> response = PlatformTenant.send(platform.gateway, "GET", "/api/v1/tasks/" + id, tenant.adminToken(), null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode awaitFinished(PlatformTenant tenant, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode detail = detail(tenant, id);
            String status = detail.get("task").get("status").asString();
            if (status.equals("completed") || status.equals("failed")) {
                return detail;
            }
            assertThat(System.nanoTime()).as("task %s stuck in %s", id, status).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
