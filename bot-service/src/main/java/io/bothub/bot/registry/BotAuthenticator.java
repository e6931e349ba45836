package io.bothub.bot.registry;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.support.web.ProblemException;

/**
 * Recognises a bot by its API key ({@code Authorization: Bearer bh_bot_…}). Verified keys are remembered for a
 * few seconds so the heartbeat path does not query PostgreSQL on every beat; that short memory is also the
 * longest a revoked key keeps working.
 */
@Component
public class BotAuthenticator {

    private static final int MAX_REMEMBERED = 200_000;

    private final JdbcClient jdbc;
    private final Duration remember;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    BotAuthenticator(JdbcClient jdbc, @Value("${bothub.heartbeat.key-cache-ttl:5s}") Duration remember) {
        this.jdbc = jdbc;
        this.remember = remember;
    }

    /** Forgets every remembered key, so a rotation or revocation takes effect at once on this replica. */
    public void forgetAll() {
        verified.clear();
    }

    /** A deleted tenant's bots stop authenticating at once, not when their remembered keys expire. */
    @EventListener
    void on(TenantDataDeletion.TenantErased erased) {
        forgetAll();
    }

    /** The bot behind an {@code Authorization} header value, or a 401 problem. */
    public AuthenticatedBot authenticate(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer " + Credentials.API_KEY_PREFIX)) {
            throw unauthorized("send the bot's API key as 'Authorization: Bearer bh_bot_…'");
        }
        String hash = HexFormat.of().formatHex(Credentials.hash(authorization.substring("Bearer ".length()).strip()));
        long now = System.nanoTime();
        Remembered known = verified.get(hash);
        if (known != null && known.until() - now > 0) {
            return known.bot();
        }
        AuthenticatedBot bot = lookUp(hash).orElseThrow(() -> unauthorized("the API key is not valid"));
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(hash, new Remembered(bot, now + remember.toNanos()));
        return bot;
    }

    private Optional<AuthenticatedBot> lookUp(String hexHash) {
        return jdbc.sql("""
                select tenant_id, bot_id, heartbeat_interval_seconds from bot
                where api_key_hash = :hash
                   or (previous_api_key_hash = :hash and previous_credentials_until > now())
                """)
                .param("hash", HexFormat.of().parseHex(hexHash))
                .query((rs, i) -> new AuthenticatedBot(new BotKey(rs.getString(1), rs.getString(2)), rs.getInt(3)))
                .optional();
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail);
    }

    private record Remembered(AuthenticatedBot bot, long until) {
    }
}
