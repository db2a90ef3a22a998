package io.liteobs.postgres;

import io.liteobs.BusinessEvent;
import io.liteobs.EventQuery;
import io.liteobs.postgres.BatchInsert.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Business events in {@code business_event_logs}: how they are written, found and read back. */
final class EventTable {

    /** Keyed on event_id, so that a batch written again after a failure stores each event once. */
    static final BatchInsert<BusinessEvent> INSERT = new BatchInsert<>(Schema.EVENTS,
            "ON CONFLICT (event_id) DO NOTHING",
            List.of(new Column<>("event_id", BusinessEvent::id),
                    new Column<>("timestamp", BusinessEvent::timestampMillis),
                    new Column<>("event_type", BusinessEvent::eventType),
                    new Column<>("service", BusinessEvent::service),
                    new Column<>("entity_type", BusinessEvent::entityType),
                    new Column<>("entity_id", BusinessEvent::entityId),
                    new Column<>("user_id", BusinessEvent::userId),
                    new Column<>("action", BusinessEvent::action),
                    new Column<>("details", BusinessEvent::detailsJson),
                    new Column<>("success", BusinessEvent::success)));

    private static final String SELECT = """
            SELECT event_id, timestamp, event_type, service, entity_type, entity_id, user_id, action, details, success
            FROM business_event_logs""";

    private EventTable() {
    }

    /** The events the query matches, written by the source, or by every source when it is null. */
    static List<BusinessEvent> find(Connection connection, EventQuery query, @Nullable Integer sourceId)
            throws SQLException {
        String keyword = Select.keyword(query.direction());
        return new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
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
                row.getBoolean("success"));
    }
}
