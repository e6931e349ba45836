package io.bothub.support.web;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Who is calling a service, as the gateway verified it: the tenant, the principal and the scopes. The gateway
 * removes these headers from every incoming request and sets them itself after checking a JWT or an API key, so
 * inside the platform they are facts, not claims. A controller takes a {@code Caller} parameter and gets it
 * resolved from the headers; a request without a tenant is refused with 400 before the controller runs.
 *
 * @param tenantId  every read and write of the request is scoped to this tenant
 * @param principal {@code user:<id>}, {@code bot:<id>} or {@code agent:<id>}; {@code unknown} if not given
 * @param scopes    what the principal may do, with implied scopes already added (see {@link Scopes})
 */
public record Caller(String tenantId, String principal, Set<String> scopes) {

    public static final String TENANT_HEADER = "X-BotHub-Tenant-Id";
    public static final String PRINCIPAL_HEADER = "X-BotHub-Principal";
    /** Space-separated, as in an OAuth scope parameter. */
    public static final String SCOPES_HEADER = "X-BotHub-Scopes";

    public Caller {
        scopes = Scopes.withImplied(scopes);
    }

    /** Reads the three headers; a missing or blank principal becomes {@code unknown}, missing scopes none. */
    public static Caller fromHeaders(String tenantId, @Nullable String principal, @Nullable String scopes) {
        Set<String> granted = scopes == null ? Set.of()
                : Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new Caller(tenantId, principal == null || principal.isBlank() ? "unknown" : principal, granted);
    }

    /** The bot this caller is, if the principal is a bot. */
    public Optional<String> botId() {
        return principal.startsWith("bot:") ? Optional.of(principal.substring(4)) : Optional.empty();
    }

    public boolean isBot() {
        return botId().isPresent();
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** Refuses the request with 403 unless the caller holds {@code scope}; call it before changing anything. */
    public void require(String scope) {
        if (!has(scope)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "insufficient-scope", "Forbidden",
                    "this request needs the '" + scope + "' scope");
        }
    }

    /** Refuses with 403 unless the caller is the bot {@code botId} itself: a bot can only act as itself. */
    public void requireBot(String botId) {
        if (!botId().map(botId::equals).orElse(false)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "not-this-bot", "Forbidden",
                    "only bot '" + botId + "' itself may do this");
        }
    }
}
