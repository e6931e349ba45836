package io.bothub.metrics.alerts;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.bothub.metrics.ingest.BotRef;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/**
 * Alerts of the caller's tenant: the incidents, the live stream, the rules and the webhook. Reading needs
 * {@code config_read}; changing rules, the webhook or resolving by hand needs {@code config_write}.
 */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private final Alerts alerts;
    private final AlertRules rules;
    private final AlertEndpoints endpoints;
    private final AlertStream stream;
    private final AlertEvaluator evaluator;
    private final Clock clock;

    AlertController(Alerts alerts, AlertRules rules, AlertEndpoints endpoints, AlertStream stream,
            AlertEvaluator evaluator, Clock clock) {
        this.alerts = alerts;
        this.rules = rules;
        this.endpoints = endpoints;
        this.stream = stream;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    @GetMapping
    List<Alert> list(Caller caller, @RequestParam(defaultValue = "all") String state,
            @RequestParam(required = false) @Nullable String botId, @RequestParam(required = false) @Nullable String kind,
            @RequestParam(defaultValue = "100") int limit) {
        caller.require(Scopes.CONFIG_READ);
        List<FieldProblem> problems = new ArrayList<>();
        if (!List.of("open", "resolved", "all").contains(state)) {
            problems.add(new FieldProblem("state", "must be open, resolved or all"));
        }
        if (kind != null && !AlertKinds.ALL.contains(kind)) {
            problems.add(new FieldProblem("kind", "must be one of " + AlertKinds.ALL));
        }
        if (limit < 1 || limit > 1000) {
            problems.add(new FieldProblem("limit", "must be between 1 and 1000"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return alerts.list(caller.tenantId(), state, botId, kind, limit);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return stream.connect(caller.tenantId());
    }

    @GetMapping("/{id}")
    Alert get(Caller caller, @PathVariable String id) {
        caller.require(Scopes.CONFIG_READ);
        return alerts.get(caller.tenantId(), uuid(id)).orElseThrow(() -> ProblemException.notFound("alert", id));
    }

    @PostMapping("/{id}/resolve")
    Alert resolve(Caller caller, @PathVariable String id) {
        caller.require(Scopes.CONFIG_WRITE);
        UUID alertId = uuid(id);
        alerts.resolveById(caller.tenantId(), alertId, "resolved-by-user", clock.instant());
        return alerts.get(caller.tenantId(), alertId).orElseThrow(() -> ProblemException.notFound("alert", id));
    }

    @GetMapping("/rules")
    List<AlertRules.Rule> rules(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return rules.inForce(caller.tenantId());
    }

    /** A rule's settings; {@code groupId} absent for the tenant-wide rule of the kind. */
    record RuleRequest(@Nullable Double threshold, @Nullable Integer minSamples, @Nullable String severity,
            @Nullable Boolean enabled) {
    }

    @PutMapping("/rules/{kind}")
    AlertRules.Rule putRule(Caller caller, @PathVariable String kind,
            @RequestParam(required = false) @Nullable String groupId, @RequestBody RuleRequest request) {
        caller.require(Scopes.CONFIG_WRITE);
        List<FieldProblem> problems = new ArrayList<>();
        if (!AlertKinds.ALL.contains(kind)) {
            throw ProblemException.notFound("alert kind", kind);
        }
        if (request.threshold() == null || request.threshold().isNaN() || request.threshold() < 0) {
            problems.add(new FieldProblem("threshold", "must be a number of 0 or more"));
        }
        if (request.minSamples() != null && request.minSamples() < 0) {
            problems.add(new FieldProblem("minSamples", "must be 0 or more"));
        }
        if (request.severity() != null && !SEVERITIES.contains(request.severity())) {
            problems.add(new FieldProblem("severity", "must be info, warning or critical"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        AlertRules.Rule builtIn = rules.builtIn(kind);
        AlertRules.Rule rule = rules.put(caller.tenantId(), kind, groupId, request.threshold(),
                request.minSamples() == null ? builtIn.minSamples() : request.minSamples(),
                request.severity() == null ? builtIn.severity() : request.severity(),
                request.enabled() == null || request.enabled());
        reconsiderOpen(caller.tenantId());
        return rule;
    }

    @DeleteMapping("/rules/{kind}")
    ResponseEntity<Void> deleteRule(Caller caller, @PathVariable String kind,
            @RequestParam(required = false) @Nullable String groupId) {
        caller.require(Scopes.CONFIG_WRITE);
        if (!rules.delete(caller.tenantId(), kind, groupId)) {
            throw ProblemException.notFound("alert rule", kind + (groupId == null ? "" : " of group " + groupId));
        }
        reconsiderOpen(caller.tenantId());
        return ResponseEntity.noContent().build();
    }

    record WebhookRequest(@Nullable String url) {
    }

    @PutMapping("/webhook")
    Map<String, String> putWebhook(Caller caller, @RequestBody WebhookRequest request) {
        caller.require(Scopes.CONFIG_WRITE);
        String url = request.url();
        URI uri = null;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
            throw ProblemException.invalid(List.of(new FieldProblem("url", "must be an http or https URL")));
        }
        AlertEndpoints.Endpoint endpoint = endpoints.set(caller.tenantId(), url);
        return Map.of("url", endpoint.url(), "secret", endpoint.secret());
    }

    @GetMapping("/webhook")
    Map<String, String> getWebhook(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return endpoints.of(caller.tenantId()).map(e -> Map.of("url", e.url()))
                .orElseThrow(() -> ProblemException.notFound("alert webhook", caller.tenantId()));
    }

    @DeleteMapping("/webhook")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWebhook(Caller caller) {
        caller.require(Scopes.CONFIG_WRITE);
        endpoints.remove(caller.tenantId());
    }

    /** After a rule change, bots with open incidents are judged again by the new rule. */
    private void reconsiderOpen(String tenantId) {
        alerts.list(tenantId, "open", null, null, 1000)
                .forEach(alert -> evaluator.reconsider(new BotRef(tenantId, alert.botId())));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("alert", id);
        }
    }
}
