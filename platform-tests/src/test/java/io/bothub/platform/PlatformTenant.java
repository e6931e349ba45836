package io.bothub.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant signed up through the gateway, with its administrator logged in. */
record PlatformTenant(String id, String slug, String adminToken) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PlatformTenant signUp(String gateway, String name) throws Exception {
        String slug = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> signedUp = send(gateway, "POST", "/api/v1/tenants", null, "{\"slug\":\"" + slug + "\",\"name\":\""
                + name + "\",\"admin\":{\"email\":\"admin@" + slug + ".example\",\"displayName\":\"Admin\","
                + "\"password\":\"correct horse battery\"}}");
        if (signedUp.statusCode() != 201) {
            throw new AssertionError("sign-up failed: " + signedUp.statusCode() + " " + signedUp.body());
        }
        String id = JSON.readTree(signedUp.body()).get("tenant").get("id").asString();
        HttpResponse<String> login = send(gateway, "POST", "/api/v1/auth/login", null, "{\"tenant\":\"" + slug
                + "\",\"email\":\"admin@" + slug + ".example\",\"password\":\"correct horse battery\"}");
        if (login.statusCode() != 200) {
            throw new AssertionError("login failed: " + login.statusCode() + " " + login.body());
        }
        return new PlatformTenant(id, slug, JSON.readTree(login.body()).get("accessToken").asString());
    }

    /** A new agent API key of this tenant with these scopes; the key. */
    String agentKey(String gateway, String... scopes) throws Exception {
        JsonNode agent = JSON.readTree(send(gateway, "POST", "/api/v1/agents", adminToken,
                "{\"name\":\"agent-" + UUID.randomUUID().toString().substring(0, 8) + "\"}").body());
        String list = String.join("\",\"", scopes);
        HttpResponse<String> issued = send(gateway, "POST", "/api/v1/agents/" + agent.get("id").asString() + "/keys", adminToken,
                "{\"scopes\":[\"" + list + "\"]}");
        if (issued.statusCode() != 201) {
            throw new AssertionError("key issue failed: " + issued.statusCode() + " " + issued.body());
        }
        return JSON.readTree(issued.body()).get("apiKey").asString();
    }

    static HttpResponse<String> send(String gateway, String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
