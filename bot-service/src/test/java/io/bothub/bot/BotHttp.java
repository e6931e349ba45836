package io.bothub.bot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.json.JsonMapper;

/** Calls one bot-service instance over real HTTP, as a bot or the frontend would. */
public final class BotHttp {

    public static final String TENANT_HEADER = "X-BotHub-Tenant-Id";

    /** The headers the gateway sets for an administrator of {@code tenant}. */
    public static String[] operatorOf(String tenant) {
        return new String[] {TENANT_HEADER, tenant, "X-BotHub-Principal", "user:test-admin", "X-BotHub-Scopes", "admin"};
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    public BotHttp(int port) {
        this.port = port;
    }

    /** Registers a bot and returns its API key. */
    public String register(String tenant, String body) throws Exception {
        HttpResponse<String> response = post("/api/v1/bots/register", tenant, null, body);
        if (response.statusCode() != 201) {
            throw new AssertionError("registration failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("apiKey").asString();
    }

    public HttpResponse<String> heartbeat(String apiKey, String body) throws Exception {
        return post("/api/v1/bots/heartbeat", null, apiKey, body);
    }

    public HttpResponse<String> post(String path, String tenant, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.headers(operatorOf(tenant));
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
