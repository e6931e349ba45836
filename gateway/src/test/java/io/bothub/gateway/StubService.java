package io.bothub.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for a BotHub service: records what reached it and answers as told. */
final class StubService implements AutoCloseable {

    record Received(String method, String path, String requestId, Map<String, String> headers) {
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final Map<String, Answer> byPath = new ConcurrentHashMap<>();

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile String body = "{\"ok\":true}";
    /** Off for load: what reached it is not kept. */
    volatile boolean recording = true;
    /** Like a BotHub service, answer with the request id it was given. */
    volatile boolean echoRequestId;

    StubService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** Answers requests for exactly {@code path} this way; others get the general answer. */
    void answer(String path, int status, String contentType, String body) {
        byPath.put(path, new Answer(status, contentType, body));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        if (recording) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("X-Request-Id"), headers));
        }
        Answer answer = byPath.getOrDefault(exchange.getRequestURI().getPath(), new Answer(status, contentType, body));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        int status = answer.status();
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        if (echoRequestId && exchange.getRequestHeaders().getFirst("X-Request-Id") != null) {
            exchange.getResponseHeaders().set("X-Request-Id", exchange.getRequestHeaders().getFirst("X-Request-Id"));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
