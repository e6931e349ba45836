package io.bothub.command.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.bothub.command.CommandSettings;
import io.bothub.command.bots.SigningSecrets;
import io.bothub.command.queue.Command;
import io.bothub.command.queue.QueueSignal;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes queued commands to bots. One loop takes due commands, a window of each free bot's next ones (see
 * {@link Claims}), and hands each window to its own virtual thread, which signs and sends its commands one after
 * another through the bot's circuit breaker and bulkhead. Deliveries the bot took are recorded in batches by the
 * {@link DeliveredWriter}, so the next command goes out without waiting for the database; the first that fails ends
 * the window: it is recorded, and the rest go back to the queue behind it, untried.
 * The loop wakes when a command is queued here or a delivery finishes, and when a bot this replica freed for later
 * (a retry's backoff, a Retry-After, an open circuit) becomes ready; otherwise it polls, rarely, so commands queued
 * through another replica are found too.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * A bot freed for later is looked at this long after its ready time: the claim compares that time with the
     * database's clock, which may be a little behind this one.
     */
    private static final long READY_MARGIN_MILLIS = 5;

    private final Claims claims;
    private final DeliveryRecords records;
    private final DeliveredWriter writer;
    private final WebhookPush push;
    private final BotCircuits circuits;
    private final SigningSecrets secrets;
    private final QueueSignal signal;
    private final CommandSettings settings;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String owner = "dispatcher-" + UUID.randomUUID();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService readyAgain = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("command-dispatcher-ready-again").daemon().factory());
    private volatile boolean running;
    private @Nullable Thread loop;

    Dispatcher(Claims claims, DeliveryRecords records, DeliveredWriter writer, WebhookPush push, BotCircuits circuits, SigningSecrets secrets,
            QueueSignal signal, CommandSettings settings, JsonMapper json, MeterRegistry meters, Clock clock) {
        this.claims = claims;
        this.records = records;
        this.writer = writer;
        this.push = push;
        this.circuits = circuits;
        this.secrets = secrets;
        this.signal = signal;
        this.settings = settings;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (!settings.dispatch()) {
            return;
        }
        running = true;
        writer.handNextTo(owner, this::startDelivering);
        loop = Thread.ofVirtual().name("command-dispatcher").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        signal.wake();
        readyAgain.shutdownNow();
        deliveries.shutdown();
        try {
            // Deliveries under way finish and record their outcome; what is left is reclaimed by lease expiry.
            deliveries.awaitTermination(settings.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One round: takes what is due and starts delivering it; the number of bots served (windows taken). */
    int dispatchOnce() {
        long started = System.nanoTime();
        List<Claims.Window> taken = claims.takeForPush(owner, settings.dispatchBatch(), settings.pushWindow(), settings.lease());
        meters.timer("bothub.commands.claim.duration").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        meters.summary("bothub.commands.claim.size").record(taken.size());
        startDelivering(taken);
        return taken.size();
    }

    /** Takes the next due commands of each of these bots that is free and starts delivering them. */
    int dispatchTo(List<QueueSignal.Bot> bots) {
        String[] tenants = bots.stream().map(QueueSignal.Bot::tenantId).toArray(String[]::new);
        String[] ids = bots.stream().map(QueueSignal.Bot::botId).toArray(String[]::new);
        List<Claims.Window> taken = claims.takeNextFor(owner, settings.pushWindow(), settings.lease(), tenants, ids);
        startDelivering(taken);
        return taken.size();
    }

    /** Each taken window on its own virtual thread. */
    private void startDelivering(List<Claims.Window> taken) {
        for (Claims.Window window : taken) {
            deliveries.execute(() -> deliver(window));
        }
    }

    /*
     * Bots named by a wake-up are looked at at once, and only they; every bot is looked at when a full round is
     * asked for and otherwise once a full-round interval (commands queued through other replicas, retries come due). A
     * full round that filled its batch is followed by another at once: there may be more.
     */
    private void run() {
        long nextFullRound = System.nanoTime();
        while (running) {
            long seen = signal.generation();
            try {
                QueueSignal.Work work = signal.takeWork();
                if (!work.bots().isEmpty()) {
                    dispatchTo(work.bots());
                }
                if (work.fullRound() || System.nanoTime() - nextFullRound >= 0) {
                    int taken = dispatchOnce();
                    nextFullRound = System.nanoTime() + settings.fullRoundInterval().toNanos();
                    if (taken >= settings.dispatchBatch()) {
                        continue;
                    }
                }
                signal.awaitAfter(seen, Math.max(1, (nextFullRound - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("dispatch round failed; trying again shortly: {}", e.toString());
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    void deliver(Claims.Window window) {
        Outcome outcome = freedNow();
        try {
            outcome = pushInOrder(window);
        } catch (RuntimeException e) {
            // Recording failed (database away?): the leases lapse and the sweeper puts the commands back.
            log.warn("could not record a delivery to bot {}: {}", window.botId(), e.toString());
        } finally {
            if (outcome.readyAt() != null) {
                // The bot was freed here (next command, retry later, or not at all); the writer takes the next
                // commands of bots whose window it finishes recording.
                lookAgain(window, outcome.readyAt());
            }
        }
    }

    /**
     * How a window ended: taken whole by the bot, so recording its last command frees the bot ({@code readyAt} null);
     * or recorded here, the bot free again from {@code readyAt}.
     */
    private record Outcome(@Nullable Instant readyAt) {

        static final Outcome FREED_BY_WRITER = new Outcome(null);
    }

    private Outcome freedNow() {
        return new Outcome(clock.instant());
    }

    /** Looks at the bot now, and again when it is ready if that is later, rather than waiting for a full round. */
    private void lookAgain(Claims.Window window, Instant readyAt) {
        signal.wakeFor(window.tenantId(), List.of(window.botId()));
        long delay = Duration.between(clock.instant(), readyAt).toMillis();
        if (delay > 0 && running) {
            try {
                readyAgain.schedule(() -> signal.wakeFor(window.tenantId(), List.of(window.botId())),
                        delay + READY_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // Stopping: another replica, or the next start, takes the bot up.
            }
        }
    }

    /**
     * Pushes the window's commands one after another until one is not taken; how the window ended.
     */
    private Outcome pushInOrder(Claims.Window window) {
        List<Claims.Claim> claims = window.claims();
        for (int i = 0; i < claims.size(); i++) {
            if (!running && i > 0) {
                // Stopping: the window's first push had begun; what is left goes back for the next dispatcher.
                records.putBack(window, claims.get(i).command());
                return freedNow();
            }
            Outcome outcome = deliverThroughGuards(window, claims.get(i), i == claims.size() - 1);
            if (outcome.readyAt() != null) {
                return outcome;
            }
        }
        return Outcome.FREED_BY_WRITER;
    }

    /** Taken by the bot, which the delivered writer records; or recorded here, the bot ready again at a time. */
    private Outcome deliverThroughGuards(Claims.Window window, Claims.Claim claim, boolean lastOfWindow) {
        Command command = claim.command();
        CircuitBreaker breaker = circuits.breaker(command.tenantId(), command.botId());
        if (!breaker.tryAcquirePermission()) {
            count("circuit-open");
            Instant readyAt = clock.instant().plus(circuits.openFor());
            records.notAttempted(window, command, "circuit-open", readyAt);
            return new Outcome(readyAt);
        }
        Bulkhead bulkhead = circuits.bulkhead(command.tenantId(), command.botId());
        if (!bulkhead.tryAcquirePermission()) {
            breaker.releasePermission();
            count("bulkhead-full");
            Instant readyAt = clock.instant().plus(settings.pollInterval());
            records.notAttempted(window, command, "bulkhead-full", readyAt);
            return new Outcome(readyAt);
        }
        WebhookPush.Response response;
        try {
            List<String> signing = secrets.of(command.tenantId(), command.botId(), claim.endpointAnnouncedAt());
            if (signing.isEmpty()) {
                breaker.releasePermission();
                count("no-secret");
                Instant readyAt = retryAt(command);
                records.attemptFailed(window, command, 0, 0, "no-signing-secret",
                        "bot-service has not announced a signing secret for this bot", readyAt);
                return new Outcome(readyAt);
            }
            response = push.send(command, claim.webhookUrl(), signing);
            meters.timer("bothub.commands.push.duration").record(response.latencyMillis(), TimeUnit.MILLISECONDS);
        } finally {
            bulkhead.onComplete();
        }
        Duration latency = Duration.ofMillis(response.latencyMillis());
        int status = response.status();
        if (status >= 200 && status < 300) {
            breaker.onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
            delivered(command, response, lastOfWindow);
            return Outcome.FREED_BY_WRITER;
        }
        if (status == 410) {
            // The bot retired the endpoint on purpose: not a fault of the endpoint's health.
            breaker.onSuccess(latency.toNanos(), TimeUnit.NANOSECONDS);
            count("gone");
            records.endpointGone(window, command, response.latencyMillis());
            return freedNow();
        }
        Instant readyAt;
        if ((status == 429 || status == 503) && response.retryAfter() != null) {
            if (status == 429) {
                breaker.releasePermission();
            } else {
                breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, new IllegalStateException("503"));
            }
            count("retry-after");
            readyAt = clock.instant().plus(response.retryAfter());
            records.attemptFailed(window, command, status, response.latencyMillis(), "retry-after",
                    "HTTP " + status + ", Retry-After " + response.retryAfter().toSeconds() + "s", readyAt);
        } else {
            String error = response.answered() ? "HTTP " + status + bodyExcerpt(response.body()) : response.error();
            breaker.onError(latency.toNanos(), TimeUnit.NANOSECONDS, new IllegalStateException(error));
            count("error");
            readyAt = retryAt(command);
            records.attemptFailed(window, command, status, response.latencyMillis(), response.answered() ? "http-error"
                    : "no-response", error == null ? "no response" : error, readyAt);
        }
        return new Outcome(readyAt);
    }

    /**
     * A 2xx means the bot has the command. Its body may already carry the outcome:
     * {@code {"status":"acknowledged","result":{...}}} or {@code {"status":"failed","error":"..."}}.
     */
    private void delivered(Command command, WebhookPush.Response response, boolean freesBot) {
        String status = Command.SENT;
        JsonNode result = null;
        String error = null;
        try {
            JsonNode body = response.body().isBlank() ? null : json.readTree(response.body());
            if (body != null && body.isObject() && body.has("status")) {
                String reported = body.get("status").asString();
                if (reported.equals(Command.ACKNOWLEDGED) || reported.equals(Command.FAILED)) {
                    status = reported;
                    result = body.get("result");
                    error = body.has("error") ? body.get("error").asString() : null;
                }
            }
        } catch (RuntimeException notJson) {
            // A bot may answer with anything; a 2xx still means it has the command.
        }
        count(status);
        writer.add(new DeliveryRecords.Delivered(command, response.status(), response.latencyMillis(), status, result, error, freesBot));
        // From queued to the bot's answer: what an operator waits for.
        meters.timer("bothub.commands.delivery.latency").record(Duration.between(command.createdAt(), clock.instant()));
    }

    private Instant retryAt(Command command) {
        return clock.instant().plus(Backoff.after(command.attempts(), settings.backoffBase(), settings.backoffMax()));
    }

    private void count(String outcome) {
        meters.counter("bothub.commands.deliveries", "outcome", outcome).increment();
    }

    private static String bodyExcerpt(String body) {
        return body.isBlank() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
