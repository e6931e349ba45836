package io.bothub.command.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command as stored. States: {@code queued} → {@code sending} (a dispatcher holds it) → {@code sent} (the bot
 * received it) → {@code acknowledged}; or {@code failed}, {@code cancelled}, {@code expired}.
 */
public record Command(UUID id, String tenantId, String botId, @Nullable UUID batchId, String type, JsonNode payload,
        int priority, String status, @Nullable Instant notBefore, @Nullable Instant expiresAt, int maxAttempts,
        int attempts, String createdBy, Instant createdAt, Instant updatedAt, @Nullable Instant sentAt,
        @Nullable Instant finishedAt, @Nullable String deliveredVia, @Nullable JsonNode result,
        @Nullable String lastError) {

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String EXPIRED = "expired";

    /** The columns {@link #from} reads, in order; {@code payload} and {@code result} as text. */
    public static final String[] COLUMNS_LIST = {"id", "tenant_id", "bot_id", "batch_id", "command_type",
            "payload::text", "priority", "status", "not_before", "expires_at", "max_attempts", "attempts", "created_by",
            "created_at", "updated_at", "sent_at", "finished_at", "delivered_via", "result::text", "last_error"};

    public static final String COLUMNS = String.join(", ", COLUMNS_LIST);

    /** {@link #COLUMNS} qualified with a table alias, for statements that join. */
    public static String columnsOf(String alias) {
        return String.join(", ", java.util.Arrays.stream(COLUMNS_LIST).map(c -> alias + "." + c).toList());
    }

    /** Reads a row selected with {@link #COLUMNS}. */
    public static Command from(ResultSet rs, JsonMapper json) throws SQLException {
        String result = rs.getString(19);
        return new Command(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getObject(4, UUID.class), rs.getString(5), json.readTree(rs.getString(6)), rs.getInt(7),
                rs.getString(8), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), rs.getInt(11),
                rs.getInt(12), rs.getString(13), rs.getTimestamp(14).toInstant(), rs.getTimestamp(15).toInstant(),
                instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)), rs.getString(18),
                result == null ? null : json.readTree(result), rs.getString(20));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
