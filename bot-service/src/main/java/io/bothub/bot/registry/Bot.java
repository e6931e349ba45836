package io.bothub.bot.registry;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;
import io.bothub.support.secrets.SealedSecret;

/** A registered bot, as the registry keeps it. */
@Entity
@Table(name = "bot")
@IdClass(BotKey.class)
public class Bot {

    @Id
    @Column(name = "tenant_id")
    private String tenantId;

    @Id
    @Column(name = "bot_id")
    private String botId;

    private String name;

    @Column(name = "group_id")
    private @Nullable String groupId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> capabilities;

    @Column(name = "max_concurrent_sessions")
    private int maxConcurrentSessions;

    private int weight;

    @Column(name = "webhook_url")
    private @Nullable String webhookUrl;

    private String status;

    @Column(name = "api_key_hash")
    private byte[] apiKeyHash;

    @Column(name = "api_key_prefix")
    private String apiKeyPrefix;

    @Column(name = "webhook_secret_sealed")
    private byte[] webhookSecretSealed;

    @Column(name = "webhook_secret_key_id")
    private String webhookSecretKeyId;

    @Column(name = "registered_at")
    private Instant registeredAt;

    @Column(name = "heartbeat_interval_seconds")
    private int heartbeatIntervalSeconds;

    protected Bot() {
        // for JPA
    }

    Bot(String tenantId, String botId, String name, @Nullable String groupId, List<String> capabilities,
            int maxConcurrentSessions, int weight, @Nullable String webhookUrl, byte[] apiKeyHash,
            String apiKeyPrefix, SealedSecret webhookSecret, int heartbeatIntervalSeconds, Instant registeredAt) {
        this.tenantId = tenantId;
        this.botId = botId;
        this.name = name;
        this.groupId = groupId;
        this.capabilities = List.copyOf(capabilities);
        this.maxConcurrentSessions = maxConcurrentSessions;
        this.weight = weight;
        this.webhookUrl = webhookUrl;
        this.status = "offline";
        this.apiKeyHash = apiKeyHash;
        this.apiKeyPrefix = apiKeyPrefix;
        this.webhookSecretSealed = webhookSecret.ciphertext();
        this.webhookSecretKeyId = webhookSecret.keyId();
        this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        this.registeredAt = registeredAt;
    }

    public String tenantId() {
        return tenantId;
    }

    public String botId() {
        return botId;
    }

    public String name() {
        return name;
    }

    public @Nullable String groupId() {
        return groupId;
    }

    public List<String> capabilities() {
        return capabilities;
    }

    public int maxConcurrentSessions() {
        return maxConcurrentSessions;
    }

    public int weight() {
        return weight;
    }

    public @Nullable String webhookUrl() {
        return webhookUrl;
    }

    public String status() {
        return status;
    }

    public int heartbeatIntervalSeconds() {
        return heartbeatIntervalSeconds;
    }

    public Instant registeredAt() {
        return registeredAt;
    }
}
