package io.bothub.bot.permissions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.bot.registry.BotKey;
import io.bothub.support.secrets.SealedSecret;
import io.bothub.support.secrets.SecretSealer;
import io.bothub.support.web.ProblemException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Grants, lists and revokes resource permissions; opens credentials only for the bot that holds the grant. */
@Service
class ResourcePermissions {

    private static final TypeReference<Map<String, String>> CREDENTIALS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ResourcePermissions(JdbcClient jdbc, SecretSealer sealer, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Transactional
    Grant grant(String tenantId, String botId, GrantRequest request, String grantedBy) {
        boolean botExists = jdbc.sql("select count(*) from bot where tenant_id = :t and bot_id = :b")
                .param("t", tenantId).param("b", botId).query(Integer.class).single() > 0;
        if (!botExists) {
            throw ProblemException.notFound("bot", botId);
        }
        SealedSecret sealed = request.credentials() == null || request.credentials().isEmpty() ? null
                : sealer.seal(json.writeValueAsString(request.credentials()));
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into resource_permission (permission_id, tenant_id, bot_id, resource_type, resource_id,
                    permission_level, credentials_sealed, credentials_key_id, granted_by, granted_at, expires_at)
                values (:id, :t, :b, :type, :resource, :level, :sealed, :keyId, :by, :at, :expires)
                """)
                .param("id", id).param("t", tenantId).param("b", botId)
                .param("type", request.resourceType()).param("resource", request.resourceId())
                .param("level", request.permissionLevel())
                .param("sealed", sealed == null ? null : sealed.ciphertext())
                .param("keyId", sealed == null ? null : sealed.keyId())
                .param("by", grantedBy).param("at", Timestamp.from(now))
                .param("expires", request.expiresAt() == null ? null : Timestamp.from(request.expiresAt()))
                .update();
        return new Grant(id, botId, request.resourceType(), request.resourceId(), request.permissionLevel(),
                sealed != null, null, grantedBy, now, request.expiresAt());
    }

    /** An operator's view: every grant of the bot, credentials withheld. */
    List<Grant> of(String tenantId, String botId) {
        boolean botExists = jdbc.sql("select count(*) from bot where tenant_id = :t and bot_id = :b")
                .param("t", tenantId).param("b", botId).query(Integer.class).single() > 0;
        if (!botExists) {
            throw ProblemException.notFound("bot", botId);
        }
        return select("tenant_id = :t and bot_id = :b", tenantId, botId, false);
    }

    /** The bot's own view: its unexpired grants, credentials opened. */
    List<Grant> heldBy(BotKey bot) {
        return select("tenant_id = :t and bot_id = :b and (expires_at is null or expires_at > now())",
                bot.tenantId(), bot.botId(), true);
    }

    @Transactional
    void revoke(String tenantId, String botId, UUID permissionId) {
        int deleted = jdbc.sql("delete from resource_permission where tenant_id = :t and bot_id = :b and permission_id = :id")
                .param("t", tenantId).param("b", botId).param("id", permissionId).update();
        if (deleted == 0) {
            throw ProblemException.notFound("resource permission", permissionId.toString());
        }
    }

    /**
     * Re-seals every credential sealed with an older key under the current one; run after adding a new current
     * key, before removing the old. Returns how many were re-sealed.
     */
    @Transactional
    int resealWithCurrentKey() {
        List<Map.Entry<UUID, SealedSecret>> old = jdbc.sql("""
                select permission_id, credentials_sealed, credentials_key_id from resource_permission
                where credentials_sealed is not null and credentials_key_id <> :current for update
                """).param("current", sealer.currentKeyId())
                .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), new SealedSecret(rs.getBytes(2), rs.getString(3))))
                .list();
        for (Map.Entry<UUID, SealedSecret> entry : old) {
            SealedSecret resealed = sealer.seal(sealer.open(entry.getValue()));
            jdbc.sql("update resource_permission set credentials_sealed = :s, credentials_key_id = :k where permission_id = :id")
                    .param("s", resealed.ciphertext()).param("k", resealed.keyId()).param("id", entry.getKey()).update();
        }
        return old.size();
    }

    private List<Grant> select(String where, String tenantId, String botId, boolean withCredentials) {
        return jdbc.sql("""
                select permission_id, bot_id, resource_type, resource_id, permission_level, credentials_sealed,
                       credentials_key_id, granted_by, granted_at, expires_at
                from resource_permission where """ + " " + where + " order by granted_at")
                .param("t", tenantId).param("b", botId)
                .query((rs, i) -> grant(rs, withCredentials)).list();
    }

    private Grant grant(ResultSet rs, boolean withCredentials) throws SQLException {
        byte[] sealed = rs.getBytes("credentials_sealed");
        Map<String, String> credentials = withCredentials && sealed != null
                ? json.readValue(sealer.open(new SealedSecret(sealed, rs.getString("credentials_key_id"))), CREDENTIALS)
                : null;
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Grant(rs.getObject("permission_id", UUID.class), rs.getString("bot_id"),
                rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("permission_level"),
                sealed != null, credentials, rs.getString("granted_by"), rs.getTimestamp("granted_at").toInstant(),
                expires == null ? null : expires.toInstant());
    }

}
