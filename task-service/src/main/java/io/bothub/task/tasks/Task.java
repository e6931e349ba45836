package io.bothub.task.tasks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task as stored. States: {@code pending_approval} → {@code pending} (waiting for a bot) → {@code assigned} →
 * {@code running} → {@code completed} or {@code failed}; also {@code rejected} (not approved) and
 * {@code cancelled}. {@code botId} is the bot it is assigned to now, {@code chosenBotId} the one the requester named.
 */
public record Task(UUID id, String tenantId, String title, @Nullable String description, JsonNode params,
        String priority, List<String> requiredCapabilities, @Nullable String chosenBotId, @Nullable String botId,
        String status, String requestedBy, @Nullable Instant deadline, @Nullable Integer progress,
        @Nullable String progressMessage, @Nullable JsonNode result, @Nullable String failureReason,
        int offlineRequeues, @Nullable String decidedBy, int deliveries, Instant createdAt, Instant updatedAt,
        @Nullable Instant assignedAt, @Nullable Instant deliveredAt, @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {

    public static final String PENDING_APPROVAL = "pending_approval";
    public static final String PENDING = "pending";
    public static final String ASSIGNED = "assigned";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String REJECTED = "rejected";
    public static final String CANCELLED = "cancelled";

    public static final Set<String> STATES = Set.of(PENDING_APPROVAL, PENDING, ASSIGNED, RUNNING, COMPLETED, FAILED,
            REJECTED, CANCELLED);
    /** States a task never leaves. */
    public static final Set<String> FINISHED = Set.of(COMPLETED, FAILED, REJECTED, CANCELLED);
    /** States in which a task still waits for or holds a bot. */
    public static final Set<String> OPEN = Set.of(PENDING_APPROVAL, PENDING, ASSIGNED, RUNNING);

    public static final String COLUMNS = "id, tenant_id, title, description, params::text, priority, "
            + "required_capabilities, chosen_bot_id, bot_id, status, requested_by, deadline, progress, progress_message, "
            + "result::text, failure_reason, offline_requeues, decided_by, deliveries, created_at, updated_at, "
            + "assigned_at, delivered_at, started_at, finished_at";
    /** How many columns {@link #COLUMNS} names: a statement may select more after them. */
    static final int COLUMN_COUNT = 25;

    /** Reads a row selected with {@link #COLUMNS}. */
    public static Task from(ResultSet rs, JsonMapper json) throws SQLException {
        String result = rs.getString(15);
        return new Task(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                json.readTree(rs.getString(5)), rs.getString(6), strings(rs.getArray(7)), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)),
                (Integer) rs.getObject(13), rs.getString(14), result == null ? null : json.readTree(result),
                rs.getString(16), rs.getInt(17), rs.getString(18), rs.getInt(19), rs.getTimestamp(20).toInstant(),
                rs.getTimestamp(21).toInstant(), instant(rs.getTimestamp(22)), instant(rs.getTimestamp(23)),
                instant(rs.getTimestamp(24)), instant(rs.getTimestamp(25)));
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
