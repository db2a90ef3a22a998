package io.liteobs.sqlite;

import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditStatusCount;
import io.liteobs.AuditQuery;
import io.liteobs.SortDirection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Audit entries in {@code audit_log}: how they are written, found and read back. */
final class AuditTable {

    /**
     * Keyed on entry_id, so that a batch written again after a failure stores each entry once. Unlike INSERT OR
     * IGNORE, which would silently skip a row with a NULL in a NOT NULL column too, this skips duplicates only: a
     * missing required field still fails the batch as rejected data.
     */
    static final String INSERT = """
            INSERT INTO audit_log (entry_id, timestamp, component, operation, status, user_id, session_id,
                request_id, parameters, result, error_code, error_message, duration_ms, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (entry_id) DO NOTHING""";

    private static final String SELECT = """
            SELECT entry_id, timestamp, component, operation, status, user_id, session_id, request_id, parameters,
                result, error_code, error_message, duration_ms, metadata
            FROM audit_log""";

    private AuditTable() {
    }

    static void insert(WriteSession session, List<AuditEntry> entries) throws SQLException {
        session.executeBatch(INSERT, entries, AuditTable::bind);
    }

    private static void bind(PreparedStatement insert, AuditEntry entry) throws SQLException {
        insert.setString(1, entry.id());
        insert.setLong(2, entry.timestampMillis());
        insert.setString(3, entry.component());
        insert.setString(4, entry.operation());
        insert.setString(5, entry.status());
        insert.setString(6, entry.userId());
        insert.setString(7, entry.sessionId());
        insert.setString(8, entry.requestId());
        insert.setString(9, entry.parametersJson());
        insert.setString(10, entry.resultJson());
        insert.setString(11, entry.errorCode());
        insert.setString(12, entry.errorMessage());
        Jdbc.setLong(insert, 13, entry.durationMillis());
        insert.setString(14, entry.metadataJson());
    }

    static List<AuditEntry> find(Connection connection, AuditQuery query) throws SQLException {
        return new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereEquals("component", query.component())
                .whereEquals("operation", query.operation())
                .whereEquals("status", query.status())
                .whereEquals("user_id", query.userId())
                .whereEquals("request_id", query.requestId())
                .append("ORDER BY " + orderBy(query.orderBy(), query.direction()))
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, AuditTable::read);
    }

    /**
     * The entries per component, operation and status in one GROUP BY; SQLite picks the time index, or the
     * component's when one is named.
     */
    static List<AuditStatusCount> count(Connection connection, AuditCountQuery query) throws SQLException {
        return new Select("SELECT component, operation, status, count(*) AS entries FROM audit_log")
                .whereWithin("timestamp", query.range())
                .whereEquals("component", query.component())
                .whereEquals("operation", query.operation())
                .append("GROUP BY component, operation, status ORDER BY component, operation, status")
                .list(connection, row -> new AuditStatusCount(row.getString("component"), row.getString("operation"),
                        row.getString("status"), row.getLong("entries")));
    }

    /** Ties are broken by row id, in the same direction, so that pages never overlap. */
    static String orderBy(AuditOrder order, SortDirection direction) {
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
                Jdbc.getLong(row, "duration_ms"), row.getString("metadata"));
    }
}
