package io.bothub.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every Kafka topic BotHub uses, declared once. The Kubernetes topic manifests and the consumers' retry and
 * dead-letter topics are derived from this list.
 */
public final class Topics {

    /** Registration, configuration and status changes of bots, keyed by bot id so one bot's history stays ordered. */
    public static final String BOT_LIFECYCLE = "bot.lifecycle";
    /** Every accepted heartbeat: the live load stream routing and metrics read. */
    public static final String BOT_HEARTBEAT = "bot.heartbeat";
    /** A task was requested. */
    public static final String TASK_CREATED = "task.created";
    /** Every later state change of a task (assigned, running, progress, completed, failed, …), keyed by task id. */
    public static final String TASK_STATUS = "task.status";
    /** routing-service's choice of bot for a task that did not name one, keyed by task id. */
    public static final String TASK_ROUTING = "task.routing";
    /** Sessions assigned, transferred, handed to humans and back, closed; keyed by session id. */
    public static final String SESSION_LIFECYCLE = "session.lifecycle";
    /** Bots' load and health as metrics-service computes them, for routing; keyed by bot id. */
    public static final String BOT_HEALTH = "bot.health";
    /** Alerts raised and resolved by metrics-service, keyed by alert id. */
    public static final String ALERTS = "metrics.alerts";
    /** The skill marketplace: published, installed, rated; keyed by skill id. */
    public static final String SKILL_EVENTS = "skill.events";
    /** A command was accepted into a bot's queue. */
    public static final String COMMAND_QUEUED = "command.queued";
    /** Every later state change of a command (sent, acknowledged, failed, cancelled, expired), keyed by bot id. */
    public static final String COMMAND_STATUS = "command.status";
    /** A bot's signed callback (message, event, status) was accepted. */
    public static final String CALLBACK_RECEIVED = "callback.received";

    /** Tenants' lifecycle (deletion), keyed by tenant id; every service consumes it. */
    public static final String TENANT_LIFECYCLE = "tenant.lifecycle";

    /** Dead-letter topics are {@code <topic>.<consuming service>.dlt}; see {@link TopicSpec#deadLetterTopic}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";
    /** Retry topics are {@code <topic>.<consuming service>.retry}; see {@link TopicSpec#retryTopic}. */
    public static final String RETRY_SUFFIX = ".retry";
    /** A consumer tries a record this many times (the first delivery and its retries) before dead-lettering it. */
    public static final int DELIVERY_ATTEMPTS = 4;

    private static final Duration WEEK = Duration.ofDays(7);

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(BOT_LIFECYCLE, 6, WEEK, "bot id"),
            new TopicSpec(BOT_HEARTBEAT, 12, Duration.ofDays(1), "bot id"),
            new TopicSpec(TASK_CREATED, 6, WEEK, "task id"),
            new TopicSpec(TASK_STATUS, 6, WEEK, "task id"),
            new TopicSpec(TASK_ROUTING, 6, WEEK, "task id"),
            new TopicSpec(SESSION_LIFECYCLE, 12, WEEK, "session id"),
            new TopicSpec(BOT_HEALTH, 6, Duration.ofDays(1), "bot id"),
            new TopicSpec(ALERTS, 3, Duration.ofDays(30), "alert id"),
            new TopicSpec(SKILL_EVENTS, 3, Duration.ofDays(30), "skill id"),
            new TopicSpec(COMMAND_QUEUED, 6, WEEK, "bot id"),
            new TopicSpec(COMMAND_STATUS, 6, WEEK, "bot id"),
            new TopicSpec(CALLBACK_RECEIVED, 6, WEEK, "bot id"),
            new TopicSpec(TENANT_LIFECYCLE, 3, Duration.ofDays(30), "tenant id"));

    private static final Map<String, TopicSpec> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(TopicSpec::name, Function.identity()));

    private Topics() {
    }

    /** The declaration of a topic; fails for a name that is not declared here. */
    public static TopicSpec spec(String name) {
        TopicSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new NoSuchElementException("topic '" + name + "' is not declared in " + Topics.class.getName());
        }
        return spec;
    }
}
