package io.bothub.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every BotHub service must do, checked the same way for each: start against its own migrated database,
 * answer its probes, expose Prometheus metrics tagged with its name, and answer an unknown path with problem
 * details carrying the request id. A service's test extends this and adds
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT) @WithRealInfrastructure}.
 */
public abstract class PlatformServiceConformance {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Value("${spring.application.name}") String service;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsWithItsOwnMigratedDatabaseAndReportsReady() throws Exception {
        assertThat(jdbc.sql("select count(*) from outbox_event").query(Integer.class).single()).isNotNull();
        assertThat(jdbc.sql("select current_database()").query(String.class).single()).startsWith("bothub_test_");

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void exposesPrometheusMetricsTaggedWithItsName() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_threads_live_threads").contains("application=\"" + service + "\"");
    }

    @Test
    void anUnknownPathIsAProblemDetailsResponseWithTheRequestId() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/nothing-here"))
                .header("X-Request-Id", "req-123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404").contains("\"requestId\":\"req-123\"");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
