package io.bothub.metrics.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.TimeOrderedIds;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.session.SessionTransferred;
import io.bothub.events.skill.SkillRated;
import io.bothub.events.task.TaskStatusChanged;

/**
 * One batch of events folded into what the database needs: per-minute counts per bot, each bot's latest
 * heartbeat, lifecycle changes in order, errors to log, commands sent and commands answered. Pure: no I/O, so a
 * batch that fails to commit leaves nothing behind.
 */
final class Tally {

    /** A command's answer whose delivery time was not in this batch: looked up in command_in_flight. */
    record Answer(String tenantId, String commandId, String botId, Instant answeredAt) {
    }

    record Sent(String tenantId, String commandId, String botId, Instant sentAt) {
    }

    record ErrorEntry(UUID id, String tenantId, String botId, String type, @Nullable String code, String message,
            @Nullable String requestId, @Nullable String commandId, @Nullable String sessionId, Instant occurredAt) {
    }

    final Map<BucketKey, Counts> minutes = new HashMap<>();
    /** The latest heartbeat of each bot in the batch, keyed tenant + bot. */
    final Map<BucketKey, BotHeartbeat> heartbeats = new HashMap<>();
    final List<EventEnvelope<BotHubEvent>> lifecycle = new ArrayList<>();
    final List<ErrorEntry> errors = new ArrayList<>();
    /** Sent in this batch and not answered in it, keyed tenant + command id. */
    final Map<String, Sent> sent = new LinkedHashMap<>();
    final List<Answer> answersToPair = new ArrayList<>();
    /** Commands that ended in this batch without an answer (cancelled, expired): their in-flight row goes. */
    final List<Answer> ended = new ArrayList<>();
    final Map<BucketKey, long[]> ratings = new HashMap<>();
    /** Counters for Prometheus: metric name + tag value → amount. */
    final Map<String, Map<String, Integer>> meters = new HashMap<>();
    int applied;

    void add(EventEnvelope<BotHubEvent> event) {
        applied++;
        String tenant = event.tenantId();
        switch (event.data()) {
            case BotHeartbeat beat -> {
                count(tenant, beat.botId(), beat.receivedAt(), Counts.HEARTBEATS, 1);
                heartbeats.merge(new BucketKey(tenant, beat.botId(), 0), beat,
                        (held, next) -> next.receivedAt().isBefore(held.receivedAt()) ? held : next);
                meter("heartbeats", beat.status());
            }
            case BotRegistered ignored -> lifecycle.add(event);
            case BotUpdated ignored -> lifecycle.add(event);
            case BotStatusChanged changed -> {
                lifecycle.add(event);
                meter("status", changed.newStatus());
            }
            case CallbackReceived callback -> callback(tenant, callback);
            case CommandStatusChanged command -> command(tenant, command);
            case TaskStatusChanged task -> task(tenant, task);
            case SessionAssigned assigned -> {
                count(tenant, assigned.botId(), assigned.assignedAt(), Counts.SESSIONS_OPENED, 1);
                meter("sessions", "assigned");
            }
            case SessionTransferred moved -> {
                count(tenant, moved.fromBotId(), moved.transferredAt(), Counts.SESSIONS_ENDED, 1);
                count(tenant, moved.toBotId(), moved.transferredAt(), Counts.SESSIONS_OPENED, 1);
                meter("sessions", "transferred");
            }
            case SessionClosed closed -> {
                if (closed.botId() != null) {
                    count(tenant, closed.botId(), closed.closedAt(), Counts.SESSIONS_ENDED, 1);
                }
                meter("sessions", "closed");
            }
            case SkillRated rated -> {
                long[] sums = ratings.computeIfAbsent(new BucketKey(tenant, "", hour(rated.ratedAt())), k -> new long[2]);
                sums[0]++;
                sums[1] += rated.stars();
                meter("ratings", Integer.toString(rated.stars()));
            }
            default -> applied--; // other events on these topics do not concern metrics
        }
    }

    private void callback(String tenant, CallbackReceived callback) {
        String bot = callback.botId();
        count(tenant, bot, callback.receivedAt(), Counts.CALLBACKS, 1);
        meter("callbacks", callback.callbackType());
        Long processing = millis(callback.payload().get("processingTimeMs"));
        if (processing == null) {
            processing = millis(callback.payload().get("responseTimeMs"));
        }
        if (processing != null) {
            response(tenant, bot, callback.receivedAt(), processing);
        }
        if (isError(callback)) {
            count(tenant, bot, callback.receivedAt(), Counts.ERRORS, 1);
            Map<String, Object> p = callback.payload();
            errors.add(new ErrorEntry(TimeOrderedIds.next(), tenant, bot, "callback_error", text(p.get("code")),
                    firstText(p.get("message"), p.get("error"), "the bot reported an error"), callback.callbackId(),
                    text(p.get("commandId")), text(p.get("sessionId")), callback.receivedAt()));
        }
    }

    /** An {@code error} event, or a status callback saying {@code error}. */
    private static boolean isError(CallbackReceived callback) {
        return "error".equals(callback.eventType())
                || ("status".equals(callback.callbackType()) && "error".equals(callback.payload().get("status")));
    }

    private void command(String tenant, CommandStatusChanged command) {
        String bot = command.botId();
        Instant at = command.changedAt();
        String key = tenant + "\u0000" + command.commandId();
        meter("commands", command.newStatus());
        switch (command.newStatus()) {
            case "sent" -> sent.put(key, new Sent(tenant, command.commandId(), bot, at));
            case "acknowledged" -> {
                count(tenant, bot, at, Counts.SUCCESSES, 1);
                count(tenant, bot, at, Counts.COMMANDS_DONE, 1);
                answered(key, new Answer(tenant, command.commandId(), bot, at));
            }
            case "failed", "expired" -> {
                count(tenant, bot, at, Counts.FAILURES, 1);
                count(tenant, bot, at, Counts.COMMANDS_FAILED, 1);
                count(tenant, bot, at, Counts.ERRORS, 1);
                Object error = command.result().get("error");
                errors.add(new ErrorEntry(TimeOrderedIds.next(), tenant, bot, "command_error", command.reason(),
                        firstText(error, command.result().get("message"),
                                "command " + command.commandType() + " " + command.newStatus() + ": " + command.reason()),
                        null, command.commandId(), null, at));
                Answer answer = new Answer(tenant, command.commandId(), bot, at);
                // A failure the bot reported is an answer; an expiry or exhausted retries are not.
                if ("failed".equals(command.newStatus()) && "sent".equals(command.previousStatus())) {
                    answered(key, answer);
                } else {
                    sent.remove(key);
                    ended.add(answer);
                }
            }
            case "cancelled" -> {
                sent.remove(key);
                ended.add(new Answer(tenant, command.commandId(), bot, at));
            }
            default -> {
                // queued: nothing to count yet
            }
        }
    }

    private void answered(String key, Answer answer) {
        Sent delivery = sent.remove(key);
        if (delivery != null) {
            response(answer.tenantId(), answer.botId(), answer.answeredAt(),
                    Math.max(0, answer.answeredAt().toEpochMilli() - delivery.sentAt().toEpochMilli()));
        } else {
            answersToPair.add(answer);
        }
    }

    /** Adds a response time found by pairing an answer with its delivery in command_in_flight. */
    void paired(Answer answer, Instant sentAt) {
        response(answer.tenantId(), answer.botId(), answer.answeredAt(),
                Math.max(0, answer.answeredAt().toEpochMilli() - sentAt.toEpochMilli()));
    }

    private void task(String tenant, TaskStatusChanged task) {
        meter("tasks", task.newStatus());
        if (task.botId() == null || task.newStatus().equals(task.previousStatus())) {
            return;
        }
        switch (task.newStatus()) {
            case "completed" -> {
                count(tenant, task.botId(), task.changedAt(), Counts.SUCCESSES, 1);
                count(tenant, task.botId(), task.changedAt(), Counts.TASKS_DONE, 1);
            }
            case "failed" -> {
                count(tenant, task.botId(), task.changedAt(), Counts.FAILURES, 1);
                count(tenant, task.botId(), task.changedAt(), Counts.TASKS_FAILED, 1);
                count(tenant, task.botId(), task.changedAt(), Counts.ERRORS, 1);
                errors.add(new ErrorEntry(TimeOrderedIds.next(), tenant, task.botId(), "task_error", task.reason(),
                        firstText(task.result().get("error"), task.result().get("message"), "task failed: " + task.reason()),
                        null, null, null, task.changedAt()));
            }
            default -> {
                // assigned, running, progress: not an outcome
            }
        }
    }

    private void response(String tenant, String bot, Instant at, long millis) {
        count(tenant, bot, at, Counts.RESPONSES, 1);
        count(tenant, bot, at, Counts.RESPONSE_MS_SUM, millis);
    }

    private void count(String tenant, String bot, Instant at, int column, long amount) {
        minutes.computeIfAbsent(new BucketKey(tenant, bot, minute(at)), k -> new Counts()).add(column, amount);
    }

    private void meter(String name, String tag) {
        meters.computeIfAbsent(name, n -> new HashMap<>()).merge(tag, 1, Integer::sum);
    }

    /** The minute buckets summed into hour buckets. */
    Map<BucketKey, Counts> hours() {
        Map<BucketKey, Counts> hours = new HashMap<>();
        minutes.forEach((key, counts) -> hours.computeIfAbsent(
                new BucketKey(key.tenantId(), key.botId(), Math.floorDiv(key.bucket(), 60)), k -> new Counts())
                .addAll(counts));
        return hours;
    }

    /** The bots this batch touched, tenant + bot. */
    Set<BucketKey> bots() {
        java.util.TreeSet<BucketKey> bots = new java.util.TreeSet<>();
        minutes.keySet().forEach(k -> bots.add(new BucketKey(k.tenantId(), k.botId(), 0)));
        bots.addAll(heartbeats.keySet());
        for (EventEnvelope<BotHubEvent> event : lifecycle) {
            bots.add(new BucketKey(event.tenantId(), event.key(), 0));
        }
        return bots;
    }

    static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    static long hour(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 3600);
    }

    private static @Nullable Long millis(@Nullable Object value) {
        if (value instanceof Number number && number.doubleValue() >= 0) {
            return Math.round(number.doubleValue());
        }
        return null;
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : value.toString();
    }

    private static String firstText(@Nullable Object first, @Nullable Object second, String otherwise) {
        if (first instanceof String s && !s.isBlank()) {
            return s;
        }
        if (second instanceof String s && !s.isBlank()) {
            return s;
        }
        if (first instanceof Map<?, ?> m && m.get("message") instanceof String s) {
            return s;
        }
        return otherwise;
    }
}
