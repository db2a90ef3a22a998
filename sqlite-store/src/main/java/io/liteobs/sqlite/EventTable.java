package io.liteobs.sqlite;

import io.liteobs.BusinessEvent;
import io.liteobs.EventQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Business events in {@code business_event_logs}: how they are written, found and read back. */
final class EventTable {

    /** Keyed on event_id, so that a batch written again after a failure stores each event once. */
    static final String INSERT = """
            INSERT INTO business_event_logs (event_id, timestamp, event_type, service, entity_type, entity_id,
                user_id, action, details, success)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String SELECT = """
            SELECT event_id, timestamp, event_type, service, entity_type, entity_id, user_id, action, details, success
            FROM business_event_logs""";

    private EventTable() {
    }

    static void insert(WriteSession session, List<BusinessEvent> events) throws SQLException {
        session.executeBatch(INSERT, events, EventTable::bind);
    }

    private static void bind(PreparedStatement insert, BusinessEvent event) throws SQLException {
        insert.setString(1, event.id());
        insert.setLong(2, event.timestampMillis());
        insert.setString(3, event.eventType());
        insert.setString(4, event.service());
        insert.setString(5, event.entityType());
        insert.setString(6, event.entityId());
        insert.setString(7, event.userId());
        insert.setString(8, event.action());
        insert.setString(9, event.detailsJson());
        insert.setInt(10, event.success() ? 1 : 0);
    }

    static List<BusinessEvent> find(Connection connection, EventQuery query) throws SQLException {
        String keyword = Select.keyword(query.direction());
        return new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereEquals("event_type", query.eventType())
                .whereEquals("service", query.service())
                .whereEquals("entity_type", query.entityType())
                .whereEquals("entity_id", query.entityId())
                .whereEquals("user_id", query.userId())
                .append("ORDER BY timestamp " + keyword + ", id " + keyword)
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, EventTable::read);
    }

    private static BusinessEvent read(ResultSet row) throws SQLException {
        return new BusinessEvent(row.getString("event_id"), row.getLong("timestamp"), row.getString("event_type"),
                row.getString("service"), row.getString("entity_type"), row.getString("entity_id"),
                row.getString("user_id"), row.getString("action"), row.getString("details"),
                row.getInt("success") != 0);
    }
}
