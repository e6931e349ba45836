package io.bothub.skill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls one skill-service over real HTTP with the headers the gateway would set for a caller. */
public final class SkillHttp {

    /** A caller as the gateway describes it. */
    public record As(String tenant, String principal, String scopes) {

        public static As admin(String tenant) {
            return new As(tenant, "user:admin", "admin");
        }

        public static As bot(String tenant, String botId) {
            return new As(tenant, "bot:" + botId, "bot");
        }

        public static As reader(String tenant) {
            return new As(tenant, "user:reader", "config_read");
        }
    }

    /** A response with its status and its body read as JSON (a missing node when empty). */
    public record Reply(int status, JsonNode body, String text) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int port;

    public SkillHttp(int port) {
        this.port = port;
    }

    public Reply publishYaml(As as, String yaml) {
        return send(as, "POST", "/api/v1/skills", "application/yaml", yaml);
    }

    public Reply get(As as, String path) {
        return send(as, "GET", path, null, null);
    }

    public Reply post(As as, String path, String json) {
        return send(as, "POST", path, "application/json", json);
    }

    public Reply put(As as, String path, String json) {
        return send(as, "PUT", path, "application/json", json);
    }

    public Reply patch(As as, String path, String json) {
        return send(as, "PATCH", path, "application/json", json);
    }

    public Reply send(As as, String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-BotHub-Tenant-Id", as.tenant()).header("X-BotHub-Principal", as.principal())
                .header("X-BotHub-Scopes", as.scopes())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** A valid SKILL.yaml. */
    public static String manifest(String name, String version, String visibility, String description, String tags,
            String capabilities) {
        return """
                name: %s
                version: %s
                visibility: %s
                description: %s
                tags: [%s]
                capabilities: [%s]
                permissions: [http.fetch]
                inputs:
                  - {name: query, type: string, required: true}
                outputs:
                  - {name: answer, type: string}
                content:
                  prompt: Answer the query.
                """.formatted(name, version, visibility, description, tags, capabilities);
    }
}
