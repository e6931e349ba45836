package io.bothub.tenant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to tenant-service as the gateway makes them: the verified tenant, principal and scopes in headers. */
public final class TenantHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public TenantHttp(int port) {
        this.port = port;
    }

    public HttpResponse<String> call(String method, String path, @Nullable String body, @Nullable String tenant,
            @Nullable String principal, @Nullable String scopes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-BotHub-Tenant-Id", tenant);
        }
        if (principal != null) {
            request.header("X-BotHub-Principal", principal);
        }
        if (scopes != null) {
            request.header("X-BotHub-Scopes", scopes);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs up a tenant; its id. */
    public String signUp(String slug, String adminEmail, String password) {
        HttpResponse<String> response = call("POST", "/api/v1/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug
                + "\",\"admin\":{\"email\":\"" + adminEmail + "\",\"displayName\":\"Admin\",\"password\":\"" + password + "\"}}",
                null, null, null);
        if (response.statusCode() != 201) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("tenant").get("id").asString();
    }

    public JsonNode login(String slug, String email, String password) {
        HttpResponse<String> response = call("POST", "/api/v1/auth/login", "{\"tenant\":\"" + slug + "\",\"email\":\""
                + email + "\",\"password\":\"" + password + "\"}", null, null, null);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> asAdmin(String method, String path, @Nullable String body, String tenant) {
        return call(method, path, body, tenant, "user:admin", "admin");
    }
}
