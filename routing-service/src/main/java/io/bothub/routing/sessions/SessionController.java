package io.bothub.routing.sessions;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/** Opening a session assigns it at once (201) or queues it with its position (202). */
@RestController
class SessionController {

    private final Assignments assignments;
    private final Messages messages;
    private final Handoffs handoffs;

    SessionController(Assignments assignments, Messages messages, Handoffs handoffs) {
        this.assignments = assignments;
        this.messages = messages;
        this.handoffs = handoffs;
    }

    record Handoff(@NotBlank @jakarta.validation.constraints.Pattern(regexp = "ai|waiting_human|human") String mode,
            @Nullable @Size(max = 200) String agent) {
    }

    /** Moves the session between its bot and a human (seed 004); 409 for a move the state machine does not allow. */
    @PostMapping("/api/v1/sessions/{id}/handoff")
    Assignments.Session handoff(Caller caller, @PathVariable UUID id, @Valid @RequestBody Handoff handoff) {
        caller.require(Scopes.CHAT);
        return handoffs.move(caller.tenantId(), id, handoff.mode(), handoff.agent());
    }

    /** Why the session went to each bot it had: the strategy and every candidate with its figures. */
    @GetMapping("/api/v1/sessions/{id}/decisions")
    List<Assignments.Decision> decisions(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CONFIG_READ);
        return assignments.decisions(caller.tenantId(), id);
    }

    /** The session's messages in order. */
    @GetMapping("/api/v1/sessions/{id}/messages")
    List<Messages.Message> messages(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CONFIG_READ);
        assignments.get(caller.tenantId(), id);
        return messages.of(caller.tenantId(), id);
    }

    record Open(@NotBlank @Size(max = 200) String userId, @Nullable @Size(max = 200) String groupId,
            @Nullable @Size(max = 50) List<@NotBlank String> capabilities, @Nullable @Min(0) @Max(100) Integer priority) {
    }

    @PostMapping("/api/v1/sessions")
    ResponseEntity<Assignments.Session> open(Caller caller, @Valid @RequestBody Open open) {
        caller.require(Scopes.CHAT);
        Assignments.Session session = assignments.open(caller.tenantId(), new Assignments.Request(open.userId(),
                open.groupId(), Objects.requireNonNullElse(open.capabilities(), List.of()),
                Objects.requireNonNullElse(open.priority(), 50)));
        return ResponseEntity.status(session.status().equals("assigned") ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .body(session);
    }

    @GetMapping("/api/v1/sessions/{id}")
    Assignments.Session get(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CONFIG_READ);
        return assignments.get(caller.tenantId(), id);
    }

    record Transfer(@Nullable @Size(max = 200) String toBotId) {
    }

    /** To the named bot, or to the best other one; 409 when none can take it. */
    @PostMapping("/api/v1/sessions/{id}/transfer")
    Assignments.Session transfer(Caller caller, @PathVariable UUID id, @Valid @RequestBody Transfer transfer) {
        caller.require(Scopes.CHAT);
        return assignments.transfer(caller.tenantId(), id, transfer.toBotId());
    }

    @PostMapping("/api/v1/sessions/{id}/close")
    Assignments.Session close(Caller caller, @PathVariable UUID id) {
        caller.require(Scopes.CHAT);
        return assignments.close(caller.tenantId(), id);
    }
}
