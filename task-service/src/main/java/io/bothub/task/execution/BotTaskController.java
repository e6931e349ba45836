package io.bothub.task.execution;

import java.time.Duration;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.ProblemException;
import io.bothub.task.TaskSettings;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.TaskSignal;
import tools.jackson.databind.JsonNode;

/**
 * The bot's side, called with the bot's own key (principal {@code bot:<id>}): long-poll for the next task, then
 * report it started, its progress, and its result or failure. A bot only ever sees and reports its own tasks.
 */
@RestController
class BotTaskController {

    record Progress(@NotNull @Min(0) @Max(100) Integer progress, @Nullable @Size(max = 1000) String message) {
    }

    record Completion(@Nullable JsonNode result) {
    }

    record Failure(@NotBlank @Size(max = 1000) String reason, @Nullable JsonNode result) {
    }

    private final Deliveries deliveries;
    private final Reports reports;
    private final TaskSignal signal;
    private final TaskSettings settings;

    BotTaskController(Deliveries deliveries, Reports reports, TaskSignal signal, TaskSettings settings) {
        this.deliveries = deliveries;
        this.reports = reports;
        this.signal = signal;
        this.settings = settings;
    }

    /** 200 with the bot's next task; 204 when none came within {@code waitSeconds}. */
    @GetMapping("/api/v1/tasks/next")
    ResponseEntity<Task> next(Caller caller, @RequestParam(defaultValue = "0") @Min(0) @Max(60) int waitSeconds)
            throws InterruptedException {
        String botId = bot(caller);
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(waitSeconds, settings.longPollMax().toSeconds())).toNanos();
        while (true) {
            long seen = signal.generation(caller.tenantId(), botId);
            var task = deliveries.next(caller.tenantId(), botId);
            if (task.isPresent()) {
                return ResponseEntity.ok(task.get());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return ResponseEntity.noContent().build();
            }
            // Woken by an assignment on this replica; otherwise look again after a poll interval, for other replicas'.
            signal.awaitAfter(caller.tenantId(), botId, seen, Math.min(left / 1_000_000 + 1, settings.pollInterval().toMillis()));
        }
    }

    @PostMapping("/api/v1/tasks/{id}/start")
    ResponseEntity<Task> start(Caller caller, @PathVariable UUID id) {
        return answer(reports.start(caller.tenantId(), bot(caller), id));
    }

    @PostMapping("/api/v1/tasks/{id}/progress")
    ResponseEntity<Task> progress(Caller caller, @PathVariable UUID id, @Valid @RequestBody Progress progress) {
        return answer(reports.progress(caller.tenantId(), bot(caller), id, progress.progress(), progress.message()));
    }

    @PostMapping("/api/v1/tasks/{id}/complete")
    ResponseEntity<Task> complete(Caller caller, @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Completion completion) {
        return answer(reports.complete(caller.tenantId(), bot(caller), id, completion == null ? null : completion.result()));
    }

    @PostMapping("/api/v1/tasks/{id}/fail")
    ResponseEntity<Task> fail(Caller caller, @PathVariable UUID id, @Valid @RequestBody Failure failure) {
        return answer(reports.fail(caller.tenantId(), bot(caller), id, failure.reason(), failure.result()));
    }

    private static ResponseEntity<Task> answer(Reports.Outcome outcome) {
        return ResponseEntity.ok().header("Idempotent-Replayed", String.valueOf(outcome.repeated())).body(outcome.task());
    }

    private static String bot(Caller caller) {
        return caller.botId().orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN, "not-a-bot", "Forbidden",
                "only a bot takes and reports tasks, with its own API key"));
    }
}
