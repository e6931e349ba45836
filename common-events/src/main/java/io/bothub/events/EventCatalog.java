package io.bothub.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bothub.events.bot.BotEndpointChanged;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;
import io.bothub.events.callback.CallbackReceived;
import io.bothub.events.command.CommandQueued;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.events.metrics.AlertRaised;
import io.bothub.events.metrics.AlertResolved;
import io.bothub.events.metrics.BotHealthReported;
import io.bothub.events.session.SessionAssigned;
import io.bothub.events.session.SessionClosed;
import io.bothub.events.session.SessionModeChanged;
import io.bothub.events.session.SessionTransferred;
import io.bothub.events.skill.SkillInstalled;
import io.bothub.events.skill.SkillPublished;
import io.bothub.events.skill.SkillRated;
import io.bothub.events.task.TaskCreated;
import io.bothub.events.task.TaskRouted;
import io.bothub.events.task.TaskStatusChanged;
import io.bothub.events.tenant.TenantConfigured;
import io.bothub.events.tenant.TenantDeleted;

/**
 * Every event type BotHub knows, by CloudEvents type. A new event record must be added here; the contract tests
 * then require a golden JSON file for it.
 */
public final class EventCatalog {

    public static final List<Class<? extends BotHubEvent>> ALL = List.of(
            BotRegistered.class,
            BotStatusChanged.class,
            BotUpdated.class,
            BotHeartbeat.class,
            TaskCreated.class,
            CommandQueued.class,
            CommandStatusChanged.class,
            BotEndpointChanged.class,
            TenantDeleted.class,
            CallbackReceived.class,
            TaskStatusChanged.class,
            TaskRouted.class,
            SessionAssigned.class,
            SessionTransferred.class,
            SessionModeChanged.class,
            SessionClosed.class,
            BotHealthReported.class,
            AlertRaised.class,
            AlertResolved.class,
            SkillPublished.class,
            SkillInstalled.class,
            SkillRated.class,
            TenantConfigured.class);

    private static final Map<String, Class<? extends BotHubEvent>> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventCatalog::typeOf, Function.identity()));

    private EventCatalog() {
    }

    /** The CloudEvents type of an event class: {@code <name>.v<version>}. */
    public static String typeOf(Class<?> eventClass) {
        EventType annotation = annotationOf(eventClass);
        return annotation.name() + ".v" + annotation.version();
    }

    static EventType annotationOf(Class<?> eventClass) {
        return Objects.requireNonNull(eventClass.getAnnotation(EventType.class),
                () -> eventClass.getName() + " is not annotated with @EventType");
    }

    /**
     * The record class for a CloudEvents type.
     *
     * @throws UnsupportedEventVersionException for a known event name at a version this build lacks
     * @throws EventFormatException             for a type that is not a BotHub event at all
     */
    public static Class<? extends BotHubEvent> classOf(String type) {
        Class<? extends BotHubEvent> eventClass = BY_TYPE.get(type);
        if (eventClass != null) {
            return eventClass;
        }
        int versionAt = type.lastIndexOf(".v");
        String name = versionAt > 0 ? type.substring(0, versionAt) : type;
        Set<Integer> known = ALL.stream().map(EventCatalog::annotationOf).filter(a -> a.name().equals(name))
                .map(EventType::version).collect(Collectors.toCollection(TreeSet::new));
        if (!known.isEmpty()) {
            throw new UnsupportedEventVersionException("event type '" + type + "' has a version this consumer "
                    + "does not understand; known versions of " + name + ": " + known);
        }
        throw new EventFormatException("unknown event type '" + type + "'");
    }
}
