package io.bothub.tenant.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/**
 * An agent's API keys (seed 003: Tenant → Agent → API keys). A key reads
 * {@code bh_ak_<tenant id>_<agent id>_<secret>_v1}: the tenant and agent can be read off a leaked key, the secret
 * part cannot be guessed (32 random characters), and only its SHA-256 is stored. The key is shown once.
 */
@Service
public class ApiKeys {

    static final Pattern FORMAT = Pattern.compile("bh_ak_(tn-[a-z0-9]+)_(ag-[a-z0-9]+)_([A-Za-z0-9]{32})_v(\\d+)");
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Scopes an agent key may hold; {@code bot} belongs to bots' own keys, issued by bot-service. */
    static final Set<String> GRANTABLE = Set.copyOf(Scopes.ALL.stream().filter(s -> !s.equals(Scopes.BOT)).toList());

    /** A key as listed: never the key or its hash. */
    public record Key(UUID id, String agentId, String displayPrefix, List<String> scopes, @Nullable Instant expiresAt,
            @Nullable Instant revokedAt, @Nullable Instant lastUsedAt, String createdBy, Instant createdAt) {
    }

    /** A new key: the only time {@code apiKey} is shown. */
    public record Issued(Key key, String apiKey) {

        @Override
        public String toString() {
            return "Issued[" + key + "]";
        }
    }

    /** Who a valid key speaks for. */
    public record Verified(String tenantId, String principal, List<String> scopes, UUID keyId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    Issued issue(String tenantId, String agentId, List<String> scopes, @Nullable Instant expiresAt, String createdBy) {
        List<String> unknown = scopes.stream().filter(s -> !GRANTABLE.contains(s)).toList();
        if (scopes.isEmpty() || !unknown.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldProblem("scopes", scopes.isEmpty() ? "must not be empty"
                    : "unknown or not grantable: " + unknown + "; grantable: " + GRANTABLE.stream().sorted().toList())));
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ProblemException.invalid(List.of(new FieldProblem("expiresAt", "is already past")));
        }
        boolean agentExists = jdbc.sql("select count(*) from agent where tenant_id = :tenant and id = :agent and status = 'active'")
                .param("tenant", tenantId).param("agent", agentId).query(Integer.class).single() == 1;
        if (!agentExists) {
            throw ProblemException.notFound("agent", agentId);
        }
        char[] secret = new char[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        String apiKey = "bh_ak_" + tenantId + "_" + agentId + "_" + new String(secret) + "_v1";
        UUID id = UUID.randomUUID();
        // Enough to recognise a key in a list or a log, far too little to guess the rest.
        String prefix = "bh_ak_" + tenantId + "_" + agentId + "_" + new String(secret, 0, 6);
        jdbc.sql("""
                insert into agent_api_key (id, tenant_id, agent_id, key_hash, display_prefix, scopes, expires_at,
                                           created_by, created_at)
                values (:id, :tenant, :agent, :hash, :prefix, :scopes, :expires, :by, :now)
                """)
                .param("id", id).param("tenant", tenantId).param("agent", agentId).param("hash", hash(apiKey))
                .param("prefix", prefix).param("scopes", scopes.stream().distinct().sorted().toArray(String[]::new))
                .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt)).param("by", createdBy)
                .param("now", Timestamp.from(clock.instant())).update();
        return new Issued(find(tenantId, id).orElseThrow(), apiKey);
    }

    List<Key> list(String tenantId, String agentId) {
        return jdbc.sql("select " + COLUMNS + " from agent_api_key where tenant_id = :tenant and agent_id = :agent order by created_at")
                .param("tenant", tenantId).param("agent", agentId).query(ApiKeys::key).list();
    }

    @Transactional
    Key revoke(String tenantId, String agentId, UUID keyId) {
        int changed = jdbc.sql("update agent_api_key set revoked_at = coalesce(revoked_at, now()) "
                        + "where tenant_id = :tenant and agent_id = :agent and id = :id")
                .param("tenant", tenantId).param("agent", agentId).param("id", keyId).update();
        if (changed == 0) {
            throw ProblemException.notFound("API key", keyId.toString());
        }
        return find(tenantId, keyId).orElseThrow();
    }

    /** Who the key speaks for, if it is well-formed, known, unexpired, unrevoked, and its tenant and agent active. */
    @Transactional
    public Optional<Verified> verify(String apiKey) {
        Matcher parts = FORMAT.matcher(apiKey);
        if (!parts.matches()) {
            return Optional.empty();
        }
        // A suspended tenant's key still verifies: the gateway refuses the tenant as a whole (403 tenant-suspended),
        // the same answer its users' tokens and its bots' keys get.
        Optional<Verified> verified = jdbc.sql("""
                select k.tenant_id, k.agent_id, k.scopes, k.id from agent_api_key k
                join agent a on a.id = k.agent_id and a.status = 'active'
                join tenant t on t.id = k.tenant_id and t.status <> 'deleted'
                where k.key_hash = :hash and k.tenant_id = :tenant and k.agent_id = :agent
                  and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
                """)
                .param("hash", hash(apiKey)).param("tenant", parts.group(1)).param("agent", parts.group(2))
                .query((rs, i) -> new Verified(rs.getString(1), "agent:" + rs.getString(2),
                        Arrays.asList((String[]) rs.getArray(3).getArray()), rs.getObject(4, UUID.class)))
                .optional();
        // Last use is kept to the minute: a busy key does not write on every request.
        verified.ifPresent(v -> jdbc.sql("update agent_api_key set last_used_at = now() where id = :id "
                        + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param("id", v.keyId()).update());
        return verified;
    }

    private Optional<Key> find(String tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from agent_api_key where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(ApiKeys::key).optional();
    }

    private static final String COLUMNS = "id, agent_id, display_prefix, scopes, expires_at, revoked_at, last_used_at, "
            + "created_by, created_at";

    private static Key key(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Key(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                Arrays.asList((String[]) rs.getArray(4).getArray()), instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getString(8), rs.getTimestamp(9).toInstant());
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
