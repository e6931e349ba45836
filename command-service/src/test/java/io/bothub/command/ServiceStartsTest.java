package io.bothub.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class ServiceStartsTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

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
    void exposesPrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_threads_live_threads").contains("application=\"command-service\"");
    }

    @Test
    void anUnknownPathIsAProblemDetailsResponseWithTheRequestId() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/nothing-here"))
                .header("X-Request-Id", "req-123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404").contains("\"requestId\":\"req-123\"");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
