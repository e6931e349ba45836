package io.bothub.metrics.alerts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An incident: raised once when its rule's condition began to hold for a bot, resolved when it stopped. */
record Alert(String id, String ruleId, String kind, String severity, String botId, @Nullable String groupId,
        String message, double value, double threshold, Instant raisedAt, @Nullable Instant resolvedAt,
        @Nullable String resolveReason) {

    static final String COLUMNS = "id, rule_id, kind, severity, bot_id, group_id, message, value, threshold, "
            + "raised_at, resolved_at, resolve_reason";

    static Alert read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getDouble(9), rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getString(12));
    }

    public String state() {
        return resolvedAt == null ? "open" : "resolved";
    }
}
