package io.bothub.support.web;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scopes an API key or a user's token can hold (seed 003's chat / config_read / config_write, and what the
 * platform's other APIs need). Some imply others; {@link #withImplied} adds those so a check asks for one name.
 */
public final class Scopes {

    /** Talk to bots: open sessions, send messages. */
    public static final String CHAT = "chat";
    /** Read fleet, bot, skill, task and command data. */
    public static final String CONFIG_READ = "config_read";
    /** Change bot configuration, groups and roles. */
    public static final String CONFIG_WRITE = "config_write";
    /** Create, cancel and re-prioritise commands. */
    public static final String COMMANDS = "commands";
    /** Create, approve and cancel tasks. */
    public static final String TASKS = "tasks";
    /** Publish, install and rate skills. */
    public static final String SKILLS = "skills";
    /** What a bot's own API key grants: act as that bot (heartbeats, callbacks, pulling its work). */
    public static final String BOT = "bot";
    /** Everything within the tenant, including its users, keys and quotas. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(CHAT, CONFIG_READ, CONFIG_WRITE, COMMANDS, TASKS, SKILLS, BOT, ADMIN);

    private static final Map<String, Set<String>> IMPLIES = Map.of(
            CONFIG_WRITE, Set.of(CONFIG_READ),
            COMMANDS, Set.of(CONFIG_READ),
            TASKS, Set.of(CONFIG_READ),
            ADMIN, Set.of(CHAT, CONFIG_READ, CONFIG_WRITE, COMMANDS, TASKS, SKILLS));

    private Scopes() {
    }

    /** {@code granted} plus every scope a granted one implies. */
    public static Set<String> withImplied(Set<String> granted) {
        Set<String> all = new HashSet<>(granted);
        for (String scope : granted) {
            all.addAll(IMPLIES.getOrDefault(scope, Set.of()));
        }
        return Set.copyOf(all);
    }
}
