package io.bothub.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event record on the wire. The CloudEvents {@code type} attribute is {@code name + ".v" + version}, so a
 * consumer can tell a version it does not understand from a malformed message.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Reverse-DNS event name, for example {@code io.bothub.bot.heartbeat}. */
    String name();

    /** Incremented only for an incompatible change; additive changes keep the version. */
    int version();

    /** The topic the event is published on; one of the constants in {@link Topics}. */
    String topic();
}
