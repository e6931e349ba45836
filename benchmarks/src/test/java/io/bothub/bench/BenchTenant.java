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
        return new BenchTenant(json.readTree(signedUp.body()).get("tenant").get("id").asString(),
                json.readTree(login.body()).get("accessToken").asString());
    }
}
