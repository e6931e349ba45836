package io.bothub.bot.callbacks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.bot.registry.AuthenticatedBot;
import io.bothub.bot.registry.BotAuthenticator;
import io.bothub.bot.registry.WebhookSecrets;
import io.bothub.events.webhooks.StandardWebhookSignature;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/callbacks}: a bot reports a message, event or status. The bot identifies itself with its API
 * key and signs the body with its webhook secret (Standard Webhooks), so a callback cannot be forged, altered,
 * replayed later, or accepted twice.
 */
@RestController
class CallbackController {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Set<String> TYPES = Set.of("message", "event", "status");

    private final BotAuthenticator authenticator;
    private final WebhookSecrets secrets;
    private final AcceptingCallbacks accepting;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    CallbackController(BotAuthenticator authenticator, WebhookSecrets secrets, AcceptingCallbacks accepting,
            Clock clock) {
        this.authenticator = authenticator;
        this.secrets = secrets;
        this.accepting = accepting;
        this.clock = clock;
    }

    @PostMapping("/api/v1/callbacks")
    ResponseEntity<Map<String, String>> receive(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            @RequestHeader(value = StandardWebhookSignature.ID, required = false) @Nullable String id,
            @RequestHeader(value = StandardWebhookSignature.TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(value = StandardWebhookSignature.SIGNATURE, required = false) @Nullable String signature,
            @RequestBody String body, HttpServletRequest request) {
        long started = System.nanoTime();
        AuthenticatedBot bot = authenticator.authenticate(authorization);
        Instant now = clock.instant();
        String problem = null;
        for (String secret : secrets.acceptedSecretsOf(bot.key())) {
            problem = StandardWebhookSignature.problemWith(secret, id, timestamp, signature, body, now, TOLERANCE);
            if (problem == null) {
                break;
            }
        }
        if (problem != null) {
            throw refused(problem);
        }
        JsonNode callback = parse(body);
        String type = text(callback, "type");
        List<FieldProblem> errors = new ArrayList<>();
        if (type == null || !TYPES.contains(type)) {
            errors.add(new FieldProblem("type", "must be one of message, event, status"));
        }
        JsonNode payload = callback.get("payload");
        if (payload != null && !payload.isObject()) {
            errors.add(new FieldProblem("payload", "must be a JSON object"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<String, Object> payloadMap = payload == null ? Map.of() : json.convertValue(payload, MAP);
        accepting.accept(bot.key(), id, type, text(callback, "eventType"), payloadMap, request.getRemoteAddr(),
                MDC.get("requestId"), now, started);
        return ResponseEntity.accepted().body(Map.of("callbackId", id, "status", "accepted"));
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new tools.jackson.core.type.TypeReference<>() {
            };

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.invalid(List.of(new FieldProblem("body", "must be a JSON object")));
            }
            return node;
        } catch (JacksonException e) {
            throw ProblemException.invalid(List.of(new FieldProblem("body", "is not valid JSON")));
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static ProblemException refused(String problem) {
        return switch (problem) {
            case "missing" -> new ProblemException(HttpStatus.UNAUTHORIZED, "unsigned-callback", "Unsigned callback",
                    "send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks)");
            case "stale" -> new ProblemException(HttpStatus.UNAUTHORIZED, "stale-callback", "Stale callback",
                    "webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from now");
            default -> new ProblemException(HttpStatus.UNAUTHORIZED, "bad-signature", "Bad signature",
                    "webhook-signature does not match the body signed with this bot's webhook secret");
        };
    }
}
