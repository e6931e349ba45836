package io.bothub.metrics.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.callback.CallbackReceived;
import io.bothub.metrics.Tenant;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** Failed commands and error callbacks land in the bot's error log with what they relate to, and can be resolved. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class ErrorLogTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @LocalServerPort int port;

    @Test
    void errorsAreLoggedWithTheirRequestCommandAndSessionAndResolvedOnce() {
        Tenant tenant = new Tenant(kafka, port);
        Tenant other = new Tenant(kafka, port);
        tenant.register("x1", null, null, 5);
        Instant now = Instant.now();
        String commandId = tenant.command("x1", now.minusMillis(10), now, false);
        String callbackId = "cb-" + UUID.randomUUID();
        tenant.send(new CallbackReceived(callbackId, "x1", "event", "error",
                Map.of("code", "E42", "message", "model timeout", "sessionId", "s-9"), now.plusMillis(1)));

        Tenant.await("two errors logged", () -> tenant.getJson("/api/v1/metrics/bots/x1/errors").size() == 2);
        JsonNode errors = tenant.getJson("/api/v1/metrics/bots/x1/errors");
        JsonNode callback = errors.get(0);
        assertThat(callback.get("type").asString()).isEqualTo("callback_error");
        assertThat(callback.get("code").asString()).isEqualTo("E42");
        assertThat(callback.get("message").asString()).isEqualTo("model timeout");
        assertThat(callback.get("requestId").asString()).isEqualTo(callbackId);
        assertThat(callback.get("sessionId").asString()).isEqualTo("s-9");
        JsonNode command = errors.get(1);
        assertThat(command.get("type").asString()).isEqualTo("command_error");
        assertThat(command.get("commandId").asString()).isEqualTo(commandId);
        assertThat(command.get("message").asString()).isEqualTo("no such chat");
        assertThat(command.get("resolved").asBoolean()).isFalse();

        String id = command.get("id").asString();
        assertThat(other.call("POST", "/api/v1/metrics/errors/" + id + "/resolve", null, "config_write").statusCode())
                .isEqualTo(404);
        assertThat(tenant.call("POST", "/api/v1/metrics/errors/" + id + "/resolve", null, "config_read").statusCode())
                .isEqualTo(403);
        JsonNode resolved = Tenant.JSON.readTree(
                tenant.call("POST", "/api/v1/metrics/errors/" + id + "/resolve", null, "config_write").body());
        assertThat(resolved.get("resolved").asBoolean()).isTrue();
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("user:ann");
        assertThat(tenant.getJson("/api/v1/metrics/errors?resolved=false").size()).isEqualTo(1);
        assertThat(other.getJson("/api/v1/metrics/errors").size()).isZero();
    }
}
