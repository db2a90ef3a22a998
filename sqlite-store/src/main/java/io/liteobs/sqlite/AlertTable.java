package io.liteobs.sqlite;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.Labels;
import io.liteobs.SystemAlert;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Alerts in {@code system_alerts}: those the library raises about itself, and the instances of alert rules. */
final class AlertTable {

    /** Keyed on alert_id, so that a batch written again after a failure stores each alert once. */
    static final String INSERT = """
            INSERT INTO system_alerts (alert_id, timestamp, severity, source, message, details)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO NOTHING""";

    /** A rule's alert: inserted when opened, then updated in place by each evaluation until it is resolved. */
    static final String UPSERT = """
            INSERT INTO system_alerts (alert_id, timestamp, severity, source, message, details, resolved_at, rule_id,
                                       fingerprint, labels, value, updated_at, evaluations)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO UPDATE SET severity = excluded.severity, message = excluded.message,
                details = excluded.details, resolved_at = excluded.resolved_at, value = excluded.value,
                updated_at = excluded.updated_at, evaluations = excluded.evaluations""";

    /** The columns an alert is read from. */
    private static final String[] COLUMNS = {"alert_id", "timestamp", "severity", "source", "message", "details",
        "resolved_at", "rule_id", "fingerprint", "labels", "value", "updated_at", "evaluations"};

    private AlertTable() {
    }

    static void insert(WriteSession session, List<SystemAlert> alerts) throws SQLException {
        session.executeBatch(INSERT, alerts, (insert, alert) -> {
            insert.setString(1, alert.id());
            insert.setLong(2, alert.timestampMillis());
            insert.setString(3, alert.severity());
            insert.setString(4, alert.source());
            insert.setString(5, alert.message());
            insert.setString(6, alert.detailsJson());
        });
    }

    static void upsert(WriteSession session, List<AlertRecord> alerts) throws SQLException {
        session.executeBatch(UPSERT, alerts, (upsert, alert) -> {
            upsert.setString(1, alert.id());
            upsert.setLong(2, alert.openedAtMillis());
            upsert.setString(3, alert.severity());
            upsert.setString(4, alert.source());
            upsert.setString(5, alert.message());
            upsert.setString(6, alert.detailsJson());
            Jdbc.setLong(upsert, 7, alert.resolvedAtMillis());
            upsert.setString(8, alert.ruleId());
            upsert.setString(9, alert.fingerprint());
            upsert.setString(10, alert.labels().toJson());
            Jdbc.setDouble(upsert, 11, alert.value());
            upsert.setLong(12, alert.updatedAtMillis());
            upsert.setLong(13, alert.evaluations());
        });
    }

    static List<AlertRecord> find(Connection connection, StoredSchema schema, AlertQuery query)
            throws SQLException {
        Select select = new Select("SELECT " + schema.select(Schema.ALERTS, COLUMNS) + " FROM " + Schema.ALERTS)
                .whereWithin("timestamp", query.range());
        if (query.openOnly()) {
            select.where("resolved_at IS NULL");
        }
        return select.whereEquals("severity", query.severity())
                .whereEquals(schema.column(Schema.ALERTS, "rule_id"), query.ruleId())
                .whereEquals("source", query.source())
                .append("ORDER BY timestamp DESC, id DESC")
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, AlertTable::read);
    }

    private static AlertRecord read(ResultSet row) throws SQLException {
        long opened = row.getLong("timestamp");
        String labels = row.getString("labels");
        Double value = Jdbc.getDouble(row, "value");
        Long updated = Jdbc.getLong(row, "updated_at");
        return new AlertRecord(row.getString("alert_id"), opened, row.getString("severity"), row.getString("source"),
                row.getString("message"), row.getString("details"), Jdbc.getLong(row, "resolved_at"),
                row.getString("rule_id"), row.getString("fingerprint"),
                labels == null ? Labels.empty() : Labels.fromJson(labels), value,
                updated == null ? opened : updated, row.getLong("evaluations"));
    }
}
