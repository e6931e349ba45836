package io.bothub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/** A fresh tenant for a benchmark run, signed up through the gateway, with its administrator's access token. */
record BenchTenant(String id, String adminToken) {

    static BenchTenant signUp(HttpClient http, String gateway) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        String slug = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> signedUp = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/tenants"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\",\"admin\":"
                        + "{\"email\":\"bench@" + slug + ".example\",\"displayName\":\"Bench\",\"password\":\"benchmark password\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (signedUp.statusCode() != 201) {
            throw new IllegalStateException("sign-up failed: " + signedUp.statusCode() + " " + signedUp.body());
        }
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + slug + "\",\"email\":\"bench@" + slug
                        + ".example\",\"password\":\"benchmark password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
        }
        String token = json.readTree(login.body()).get("accessToken").asString();
        // A new tenant's default quotas (100 bots, 2,000 requests/s) are below what a benchmark sends.
        HttpResponse<String> raised = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/tenants/me"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"quotas\":{\"maxBots\":1000000,"
                        + "\"requestsPerMinute\":100000000,\"commandsPerDay\":1000000000}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (raised.statusCode() != 200) {
            throw new IllegalStateException("raising the quotas failed: " + raised.statusCode() + " " + raised.body());
        }
        // The services learn the new quotas from tenant.lifecycle, and the gateway keeps a tenant's standing for
        // up to 10 s (bothub.gateway.auth.tenant-cache-ttl): wait that out before loading.
        Thread.sleep(11_000);
        return new BenchTenant(json.readTree(signedUp.body()).get("tenant").get("id").asString(), token);
    }
}
