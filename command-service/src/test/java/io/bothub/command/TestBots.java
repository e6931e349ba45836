package io.bothub.command;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real bot endpoints on a local HTTP server, one path per bot. Each checks the signature of what it receives with
 * the Standard Webhooks project's own Java library (not our code), records it, and answers as its test scripts it.
 */
public final class TestBots implements AutoCloseable {

    /** What a bot received: the command as sent, whether its signature verified, and when it arrived. */
    public record Received(String botId, String webhookId, JsonNode body, boolean signatureValid, Instant at) {

        public String commandId() {
            return body.get("commandId").asString();
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers) {

        public static Answer ok() {
            return new Answer(202, "", Map.of());
        }

        public static Answer acknowledged(String resultJson) {
            return new Answer(200, "{\"status\":\"acknowledged\",\"result\":" + resultJson + "}", Map.of());
        }

        public static Answer status(int status) {
            return new Answer(status, "", Map.of());
        }

        public static Answer retryAfter(int status, int seconds) {
            return new Answer(status, "", Map.of("Retry-After", Integer.toString(seconds)));
        }
    }

    /** Decides the answer to the n-th request (from 1) a bot receives. */
    public interface Script {
        Answer answer(int nth, JsonNode body);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestBots() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/bots/", this::handle);
        server.start();
    }

    /** A new bot endpoint answering by {@code script}, verifying with {@code secret}; its URL. */
    public String add(String botId, String secret, Script script) {
        scripts.put(botId, script);
        secrets.put(botId, secret);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bots/" + botId;
    }

    public void script(String botId, Script script) {
        scripts.put(botId, script);
    }

    public static Script always(Answer answer) {
        return (nth, body) -> answer;
    }

    /** A URL where nothing listens: a dead bot. */
    public static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/bots/dead";
        }
    }

    public static String newSecret() {
        byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedBy(String botId) {
        return received.stream().filter(r -> r.botId().equals(botId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String botId = exchange.getRequestURI().getPath().substring("/bots/".length());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headerMap = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headerMap.put(name.toLowerCase(), new ArrayList<>(values)));
        boolean valid;
        try {
            new Webhook(secrets.get(botId)).verify(body, HttpHeaders.of(headerMap, (BiPredicate<String, String>) (a, b) -> true));
            valid = true;
        } catch (Exception e) {
            valid = false;
        }
        JsonNode json = JSON.readTree(body);
        received.add(new Received(botId, exchange.getRequestHeaders().getFirst("webhook-id"), json, valid, Instant.now()));
        int nth = counts.merge(botId, 1, Integer::sum);
        Answer answer = scripts.getOrDefault(botId, always(Answer.ok())).answer(nth, json);
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
