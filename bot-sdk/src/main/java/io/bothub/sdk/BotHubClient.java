package io.bothub.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entry point: talks to BotHub's gateway.
 *
 * <pre>{@code
 * BotHubClient hub = new BotHubClient(URI.create("https://bothub.example"), System.getenv("BOTHUB_REGISTRATION_KEY"));
 * BotCredentials credentials = hub.register(Registration.named("Support bot").withCapabilities("chat"));
 * try (BotConnection bot = hub.connect(credentials, Load::idle)) {
 *     bot.sendCallback("message", "text", Map.of("text", "hello"));
 * }
 * }</pre>
 */
public final class BotHubClient {

    private final URI baseUrl;
    private final String registrationKey;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param baseUrl         the BotHub gateway
     * @param registrationKey what registers bots: an agent API key of the tenant with the {@code config_write}
     *                        scope (or a bot owner's access token); the tenant is the key's
     */
    public BotHubClient(URI baseUrl, String registrationKey) {
        this.baseUrl = baseUrl;
        this.registrationKey = registrationKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Registers a bot; the returned credentials are shown only this once. */
    public BotCredentials register(Registration registration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("botId", registration.botId());
        body.put("name", registration.name());
        body.put("groupId", registration.groupId());
        body.put("capabilities", registration.capabilities());
        body.put("maxConcurrentSessions", registration.maxConcurrentSessions());
        body.put("webhookUrl", registration.webhookUrl());
        body.put("heartbeatIntervalSeconds", registration.heartbeatIntervalSeconds());
        body.values().removeIf(java.util.Objects::isNull);
        JsonNode answer = send(HttpRequest.newBuilder(baseUrl.resolve("/api/v1/bots/register"))
                .header("Authorization", "Bearer " + registrationKey), json.writeValueAsString(body), 201);
        return new BotCredentials(answer.get("tenantId").asString(), answer.get("botId").asString(), answer.get("apiKey").asString(),
                answer.get("webhookSecret").asString());
    }

    /** Starts heartbeating as the bot, reporting what {@code load} says each time. Close it to stop. */
    public BotConnection connect(BotCredentials credentials, java.util.function.Supplier<Load> load) {
        return new BotConnection(this, credentials, load);
    }

    JsonNode send(HttpRequest.Builder request, String body, int expectedStatus) {
        HttpResponse<String> response = exchange(request.POST(HttpRequest.BodyPublishers.ofString(body)), Duration.ofSeconds(10));
        if (response.statusCode() != expectedStatus) {
            throw new BotHubException(response.statusCode(), describe(response));
        }
        return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
    }

    /** Sends a request (its method and body already set) and returns the answer, whatever its status. */
    HttpResponse<String> exchange(HttpRequest.Builder request, Duration timeout) {
        try {
            return http.send(request.header("Content-Type", "application/json").timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BotHubException("BotHub at " + baseUrl + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotHubException("interrupted while calling BotHub", e);
        }
    }

    /** The refusal an unexpected answer stands for. */
    BotHubException refusal(HttpResponse<String> response) {
        return new BotHubException(response.statusCode(), describe(response));
    }

    URI resolve(String path) {
        return baseUrl.resolve(path);
    }

    JsonMapper json() {
        return json;
    }

    private String describe(HttpResponse<String> response) {
        try {
            JsonNode problem = json.readTree(response.body());
            JsonNode detail = problem.get("detail");
            return response.statusCode() + " " + (detail == null ? response.body() : detail.asString());
        } catch (RuntimeException notJson) {
            return response.statusCode() + " " + response.body();
        }
    }
}
