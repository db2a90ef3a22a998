package io.liteobs.sqlite;

import io.liteobs.SystemAlert;
import java.sql.SQLException;
import java.util.List;

/** Alerts the library raises about itself, in {@code system_alerts}. */
final class AlertTable {

    /** Keyed on alert_id, so that a batch written again after a failure stores each alert once. */
    static final String INSERT = """
            INSERT INTO system_alerts (alert_id, timestamp, severity, source, message, details)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO NOTHING""";

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
}
