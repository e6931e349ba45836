package io.bothub.tenant.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.bothub.support.web.Scopes;

/** What a user of a tenant may do, as scopes in their access token. */
public enum Role {

    /** Runs the tenant: users, keys, quotas, everything else. */
    ADMINISTRATOR("administrator", List.of(Scopes.ADMIN)),
    /** Builds and operates bots: registers and configures them, commands them, publishes skills. */
    BOT_OWNER("bot_owner", List.of(Scopes.CONFIG_WRITE, Scopes.COMMANDS, Scopes.TASKS, Scopes.SKILLS, Scopes.CHAT)),
    /** Works with bots: chats and hands them tasks. */
    EMPLOYEE("employee", List.of(Scopes.CHAT, Scopes.TASKS)),
    /** Watches: reads everything of the tenant, changes nothing. */
    OBSERVER("observer", List.of(Scopes.CONFIG_READ));

    private final String wireName;
    private final List<String> scopes;

    Role(String wireName, List<String> scopes) {
        this.wireName = wireName;
        this.scopes = scopes;
    }

    public String wireName() {
        return wireName;
    }

    public List<String> scopes() {
        return scopes;
    }

    public static Optional<Role> of(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(wireName)).findFirst();
    }
}
