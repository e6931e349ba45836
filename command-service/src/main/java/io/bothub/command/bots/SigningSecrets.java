package io.bothub.command.bots;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.support.secrets.TransitSecrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The secrets that sign what is pushed to a bot: stored sealed, opened on first use and kept in memory so the hot
 * path does not decrypt on every command. The cache is checked against the announcement time the dispatcher read
 * with the bot's row, so a replica that did not consume a rotation itself still signs with the new secret at once.
 * A previous secret is used only until its grace period ends.
 */
@Component
public class SigningSecrets {

    private record Opened(String secret, Instant validUntil) {
    }

    private record Announced(Instant at, List<Opened> secrets) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransitSecrets transit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Announced> cache = new ConcurrentHashMap<>();

    SigningSecrets(JdbcClient jdbc, JsonMapper json, TransitSecrets transit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.transit = transit;
        this.clock = clock;
    }

    /**
     * The secrets to sign with now, current first; empty if the bot never announced any.
     *
     * @param announcedAt the bot's {@code endpoint_at} as just read with its row
     */
    public List<String> of(String tenantId, String botId, Instant announcedAt) {
        Instant now = clock.instant();
        Announced announced = cache.compute(tenantId + "\u0000" + botId,
                (key, cached) -> cached != null && !cached.at().isBefore(announcedAt) ? cached : load(tenantId, botId));
        return announced.secrets().stream().filter(o -> o.validUntil().isAfter(now)).map(Opened::secret).toList();
    }

    private Announced load(String tenantId, String botId) {
        record Row(String secrets, Instant at) {
        }
        Row row = jdbc.sql("select signing_secrets::text, endpoint_at from bot_endpoint where tenant_id = :tenant and bot_id = :bot")
                .param("tenant", tenantId).param("bot", botId)
                .query((rs, i) -> new Row(rs.getString(1), rs.getTimestamp(2).toInstant())).optional()
                .orElse(new Row("[]", Instant.EPOCH));
        String stored = row.secrets();
        List<Opened> opened = new ArrayList<>();
        for (JsonNode sealed : json.readTree(stored)) {
            JsonNode until = sealed.get("validUntil");
            opened.add(new Opened(transit.open(sealed.get("keyId").asString(), sealed.get("ciphertext").asString()),
                    until == null || until.isNull() ? Instant.MAX : Instant.parse(until.asString())));
        }
        return new Announced(row.at(), List.copyOf(opened));
    }
}
