package io.liteobs.postgres;

import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditStatusCount;
import io.liteobs.AuditQuery;
import io.liteobs.SortDirection;
import io.liteobs.postgres.BatchInsert.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Audit entries in {@code audit_log}: how they are written, found and read back. */
final class AuditTable {

    /**
     * Keyed on entry_id, so that a batch written again after a failure stores each entry once, and an id repeated
     * within a batch keeps its first entry. A missing required field still fails the batch (NOT NULL, 23502).
     */
    static final BatchInsert<AuditEntry> INSERT = new BatchInsert<>(Schema.AUDIT, "ON CONFLICT (entry_id) DO NOTHING",
            List.of(new Column<>("entry_id", AuditEntry::id),
                    new Column<>("timestamp", AuditEntry::timestampMillis),
                    new Column<>("component", AuditEntry::component),
                    new Column<>("operation", AuditEntry::operation),
                    new Column<>("status", AuditEntry::status),
                    new Column<>("user_id", AuditEntry::userId),
                    new Column<>("session_id", AuditEntry::sessionId),
                    new Column<>("request_id", AuditEntry::requestId),
                    new Column<>("parameters", AuditEntry::parametersJson),
                    new Column<>("result", AuditEntry::resultJson),
                    new Column<>("error_code", AuditEntry::errorCode),
                    new Column<>("error_message", AuditEntry::errorMessage),
                    new Column<>("duration_ms", AuditEntry::durationMillis),
                    new Column<>("metadata", AuditEntry::metadataJson)));

    private static final String SELECT = """
            SELECT entry_id, timestamp, component, operation, status, user_id, session_id, request_id, parameters,
                result, error_code, error_message, duration_ms, metadata
            FROM audit_log""";

    private AuditTable() {
    }

    /** The entries the query matches, written by the source, or by every source when it is null. */
    static List<AuditEntry> find(Connection connection, AuditQuery query, @Nullable Integer sourceId)
            throws SQLException {
        return new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("component", query.component())
                .whereEquals("operation", query.operation())
                .whereEquals("status", query.status())
                .whereEquals("user_id", query.userId())
                .whereEquals("request_id", query.requestId())
                .append("ORDER BY " + orderBy(query.orderBy(), query.direction()))
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, AuditTable::read);
    }

    /** The entries per component, operation and status in one GROUP BY, of the source or of every source. */
    static List<AuditStatusCount> count(Connection connection, AuditCountQuery query, @Nullable Integer sourceId)
            throws SQLException {
        return new Select("SELECT component, operation, status, count(*) AS entries FROM audit_log")
                .whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("component", query.component())
                .whereEquals("operation", query.operation())
                .append("GROUP BY component, operation, status ORDER BY component, operation, status")
                .list(connection, row -> new AuditStatusCount(row.getString("component"), row.getString("operation"),
                        row.getString("status"), row.getLong("entries")));
    }

    /** Ties are broken by row id, in the same direction, so that pages never overlap. */
    private static String orderBy(AuditOrder order, SortDirection direction) {
        String keyword = Select.keyword(direction);
        return switch (order) {
            case TIME -> "timestamp " + keyword + ", id " + keyword;
            case DURATION -> "duration_ms " + keyword + " NULLS LAST, id " + keyword;
        };
    }

    private static AuditEntry read(ResultSet row) throws SQLException {
        return new AuditEntry(row.getString("entry_id"), row.getLong("timestamp"), row.getString("component"),
                row.getString("operation"), row.getString("status"), row.getString("user_id"),
                row.getString("session_id"), row.getString("request_id"), row.getString("parameters"),
                row.getString("result"), row.getString("error_code"), row.getString("error_message"),
                row.getObject("duration_ms", Long.class), row.getString("metadata"));
    }
}
