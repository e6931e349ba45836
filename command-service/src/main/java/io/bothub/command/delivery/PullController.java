package io.bothub.command.delivery;

import java.time.Duration;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.command.CommandSettings;
import io.bothub.command.queue.Command;
import io.bothub.command.queue.QueueSignal;
import io.bothub.support.web.Caller;
import io.bothub.support.web.ProblemException;
import tools.jackson.databind.JsonNode;

/**
 * The bot's side: a bot without a reachable endpoint (behind NAT) long-polls for its next command, and any bot
 * reports a command's outcome. The caller must be a bot, and only ever gets or reports its own commands.
 */
@RestController
class PullController {

    private final Pulls pulls;
    private final Acknowledgements acknowledgements;
    private final QueueSignal signal;
    private final CommandSettings settings;

    PullController(Pulls pulls, Acknowledgements acknowledgements, QueueSignal signal, CommandSettings settings) {
        this.pulls = pulls;
        this.acknowledgements = acknowledgements;
        this.signal = signal;
        this.settings = settings;
    }

    /** 200 with the next command, now counted as sent; 204 when none came within {@code waitSeconds}. */
    @GetMapping("/api/v1/commands/next")
    ResponseEntity<Command> next(Caller caller, @RequestParam(defaultValue = "0") @Min(0) @Max(60) int waitSeconds)
            throws InterruptedException {
        String botId = caller.botId().orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN,
                "not-a-bot", "Forbidden", "only a bot pulls commands, with its own API key"));
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(waitSeconds, settings.longPollMax().toSeconds())).toNanos();
        while (true) {
            long seen = signal.generation();
            var command = pulls.next(caller.tenantId(), botId);
            if (command.isPresent()) {
                return ResponseEntity.ok(command.get());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return ResponseEntity.noContent().build();
            }
            // Woken by work queued on this replica; otherwise look again after a poll interval, for other replicas'.
            signal.awaitAfter(seen, Math.min(left / 1_000_000 + 1, Math.max(250, settings.pollInterval().toMillis())));
        }
    }

    record Report(@NotBlank @Pattern(regexp = "acknowledged|failed") String status, @Nullable JsonNode result,
            @Nullable String error) {
    }

    @PostMapping("/api/v1/commands/{id}/ack")
    Command acknowledge(Caller caller, @PathVariable UUID id, @Valid @RequestBody Report report) {
        String botId = caller.botId().orElseThrow(() -> ProblemException.notFound("command", id.toString()));
        return acknowledgements.report(caller.tenantId(), botId, id, report.status(), report.result(), report.error());
    }
}
