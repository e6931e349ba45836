package io.bothub.sdk;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A connected bot: a virtual thread beats at the interval BotHub asks for (a failed beat is retried at the next
 * tick, never thrown at the bot), and {@link #sendCallback} posts signed callbacks. {@link #onTask} starts taking
 * tasks: a second virtual thread long-polls for the bot's next task and runs the handler on it, reporting the task
 * started, then completed with the handler's result or failed with its exception. The single calls
 * ({@link #nextTask}, {@link #startTask}, {@link #reportProgress}, {@link #completeTask}, {@link #failTask}) are
 * there for a bot that runs its own loop.
 */
public final class BotConnection implements AutoCloseable {

    private final BotHubClient hub;
    private final BotCredentials credentials;
    private final Supplier<Load> load;
    private final WebhookSignatures signatures;
    private final AtomicLong beats = new AtomicLong();
    private final AtomicLong failedBeats = new AtomicLong();
    private final AtomicLong tasksCompleted = new AtomicLong();
    private final AtomicLong tasksFailed = new AtomicLong();
    private final Thread heart;
    private volatile @Nullable Thread puller;
    private volatile boolean open = true;
    private volatile Duration interval = Duration.ofSeconds(30);

    BotConnection(BotHubClient hub, BotCredentials credentials, Supplier<Load> load) {
        this.hub = hub;
        this.credentials = credentials;
        this.load = load;
        this.signatures = new WebhookSignatures(credentials.webhookSecret());
        this.heart = Thread.ofVirtual().name("bothub-heartbeat-" + credentials.botId()).start(this::beatUntilClosed);
    }

    /** Sends one heartbeat now; returns the interval BotHub wants until the next. */
    public Duration beat() {
        Load now = load.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", now.status());
        body.put("currentLoad", now.currentLoad());
        body.put("activeTasks", now.activeTasks());
        body.put("activeSessions", now.activeSessions());
        if (now.cpuPercent() != null) {
            body.put("cpuPercent", now.cpuPercent());
        }
        if (now.memoryPercent() != null) {
            body.put("memoryPercent", now.memoryPercent());
        }
        JsonNode answer = hub.send(authorized(HttpRequest.newBuilder(hub.resolve("/api/v1/bots/heartbeat"))),
                hub.json().writeValueAsString(body), 200);
        beats.incrementAndGet();
        return Duration.ofSeconds(answer.get("nextHeartbeatInSeconds").asInt(30));
    }

    /**
     * Posts a signed callback. Returns its id, which BotHub accepts once.
     *
     * @param type      {@code message}, {@code event} or {@code status}
     * @param eventType the finer kind, such as {@code text}; may be null
     */
    public String sendCallback(String type, @Nullable String eventType, Map<String, ?> payload) {
        String id = "msg_" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (eventType != null) {
            body.put("eventType", eventType);
        }
        body.put("payload", payload);
        String json = hub.json().writeValueAsString(body);
        long timestamp = Instant.now().getEpochSecond();
        hub.send(authorized(HttpRequest.newBuilder(hub.resolve("/api/v1/callbacks")))
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures.sign(id, timestamp, json)), json, 202);
        return id;
    }

    /** Checks work pushed to the bot's webhook; see {@link WebhookSignatures#verify}. */
    public boolean verifyPush(@Nullable String id, @Nullable String timestamp, @Nullable String signature, String body) {
        return signatures.verify(id, timestamp, signature, body);
    }

    /**
     * Takes tasks with {@code handler}, one at a time, until closed: long-polls for the next task (waiting up to
     * {@code pollWait} per call; keep it under the gateway's 10 s timeout), reports it started, runs the handler and
     * reports the result or the failure. A task cancelled before it started is skipped; when BotHub cannot be
     * reached the loop waits a second and tries again.
     */
    public synchronized void onTask(TaskHandler handler, Duration pollWait) {
        if (puller != null) {
            throw new IllegalStateException("bot " + botId() + " already takes tasks");
        }
        puller = Thread.ofVirtual().name("bothub-tasks-" + credentials.botId()).start(() -> takeTasks(handler, pollWait));
    }

    /** {@link #onTask(TaskHandler, Duration)} waiting 5 s per poll. */
    public void onTask(TaskHandler handler) {
        onTask(handler, Duration.ofSeconds(5));
    }

    /** The bot's next task, waiting up to {@code wait} for one (whole seconds); empty when none came. */
    public Optional<Task> nextTask(Duration wait) {
        HttpResponse<String> response = hub.exchange(authorized(HttpRequest.newBuilder(
                hub.resolve("/api/v1/tasks/next?waitSeconds=" + wait.toSeconds()))).GET(), wait.plusSeconds(10));
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw hub.refusal(response);
        }
        return Optional.of(Task.from(hub.json().readTree(response.body())));
    }

    /** Reports that the bot started the task. */
    public void startTask(String taskId) {
        report(taskId, "start", Map.of());
    }

    /** Reports how far the started task is, 0 to 100. */
    public void reportProgress(String taskId, int percent, @Nullable String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("progress", percent);
        if (message != null) {
            body.put("message", message);
        }
        report(taskId, "progress", body);
    }

    /** Reports the task done with {@code result} (seed 000's {@code complete_task}); a repeat is harmless. */
    public void completeTask(String taskId, Map<String, ?> result) {
        report(taskId, "complete", Map.of("result", result));
    }

    /** Reports the task failed, with a reason the requester reads and any details. */
    public void failTask(String taskId, String reason, Map<String, ?> details) {
        report(taskId, "fail", Map.of("reason", reason, "result", details));
    }

    public long tasksCompleted() {
        return tasksCompleted.get();
    }

    public long tasksFailed() {
        return tasksFailed.get();
    }

    public long beatsSent() {
        return beats.get();
    }

    public long beatsFailed() {
        return failedBeats.get();
    }

    public String botId() {
        return credentials.botId();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + credentials.apiKey());
    }

    private void beatUntilClosed() {
        while (open) {
            try {
                interval = beat();
            } catch (BotHubException e) {
                failedBeats.incrementAndGet();
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void report(String taskId, String what, Map<String, ?> body) {
        hub.send(authorized(HttpRequest.newBuilder(hub.resolve("/api/v1/tasks/" + taskId + "/" + what))),
                hub.json().writeValueAsString(body), 200);
    }

    private void takeTasks(TaskHandler handler, Duration pollWait) {
        while (open) {
            Optional<Task> next;
            try {
                next = nextTask(pollWait);
            } catch (BotHubException e) {
                if (!open) {
                    return;
                }
                pause(Duration.ofSeconds(1));
                continue;
            }
            next.ifPresent(task -> run(handler, task));
        }
    }

    private void run(TaskHandler handler, Task task) {
        try {
            startTask(task.taskId());
        } catch (BotHubException e) {
            // Cancelled, expired or taken back between the pull and the start: not this bot's work any more.
            return;
        }
        Map<String, ?> result;
        try {
            result = handler.handle(task, (percent, message) -> reportProgress(task.taskId(), percent, message));
        } catch (TaskFailure failure) {
            fail(task, failure.getMessage(), Map.of());
            return;
        } catch (Exception e) {
            fail(task, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), Map.of());
            return;
        }
        try {
            completeTask(task.taskId(), result == null ? Map.of() : result);
            tasksCompleted.incrementAndGet();
        } catch (BotHubException e) {
            // The task was cancelled or passed its deadline while running; BotHub has already decided its end.
            tasksFailed.incrementAndGet();
        }
    }

    private void fail(Task task, String reason, Map<String, ?> details) {
        tasksFailed.incrementAndGet();
        try {
            failTask(task.taskId(), reason, details);
        } catch (BotHubException alreadyOver) {
            // Cancelled or expired meanwhile: nothing left to report.
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops heartbeating and taking tasks. BotHub marks the bot offline once it has missed its beats. */
    @Override
    public void close() {
        open = false;
        heart.interrupt();
        Thread tasks = puller;
        if (tasks != null) {
            tasks.interrupt();
        }
    }
}
