package io.liteobs.postgres;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.Labels;
import io.liteobs.SystemAlert;
import io.liteobs.postgres.BatchInsert.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Alerts in {@code system_alerts}: those the library raises about itself, and the instances of alert rules. */
final class AlertTable {

    /** Keyed on alert_id, so that a batch written again after a failure stores each alert once. */
    static final BatchInsert<SystemAlert> INSERT = new BatchInsert<>(Schema.ALERTS,
            "ON CONFLICT (alert_id) DO NOTHING",
            List.of(new Column<>("alert_id", SystemAlert::id),
                    new Column<>("timestamp", SystemAlert::timestampMillis),
                    new Column<>("severity", SystemAlert::severity),
                    new Column<>("source", SystemAlert::source),
                    new Column<>("message", SystemAlert::message),
                    new Column<>("details", SystemAlert::detailsJson)));

    /** A rule's alert: inserted when opened, then updated in place by each evaluation until it is resolved. */
    static final BatchInsert<AlertRecord> UPSERT = new BatchInsert<>(Schema.ALERTS, """
            ON CONFLICT (alert_id) DO UPDATE SET severity = excluded.severity, message = excluded.message,
                details = excluded.details, resolved_at = excluded.resolved_at, value = excluded.value,
                updated_at = excluded.updated_at, evaluations = excluded.evaluations""",
            List.of(new Column<>("alert_id", AlertRecord::id),
                    new Column<>("timestamp", AlertRecord::openedAtMillis),
                    new Column<>("severity", AlertRecord::severity),
                    new Column<>("source", AlertRecord::source),
                    new Column<>("message", AlertRecord::message),
                    new Column<>("details", AlertRecord::detailsJson),
                    new Column<>("resolved_at", AlertRecord::resolvedAtMillis),
                    new Column<>("rule_id", AlertRecord::ruleId),
                    new Column<>("fingerprint", AlertRecord::fingerprint),
                    new Column<>("labels", alert -> alert.labels().toJson()),
                    new Column<>("value", AlertRecord::value),
                    new Column<>("updated_at", AlertRecord::updatedAtMillis),
                    new Column<>("evaluations", AlertRecord::evaluations)));

    private static final String SELECT = """
            SELECT alert_id, timestamp, severity, source, message, details, resolved_at, rule_id, fingerprint, labels,
                   value, updated_at, evaluations
            FROM system_alerts""";

    private AlertTable() {
    }

    /** The alerts the query matches, written last by the source, or by any source when it is null. */
    static List<AlertRecord> find(Connection connection, AlertQuery query, @Nullable Integer sourceId)
            throws SQLException {
        Select select = new Select(SELECT).whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId);
        if (query.openOnly()) {
            select.where("resolved_at IS NULL");
        }
        return select.whereEquals("severity", query.severity())
                .whereEquals("rule_id", query.ruleId())
                .whereEquals("source", query.source())
                .append("ORDER BY timestamp DESC, id DESC")
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, AlertTable::read);
    }

    private static AlertRecord read(ResultSet row) throws SQLException {
        long opened = row.getLong("timestamp");
        String labels = row.getString("labels");
        Double value = row.getObject("value", Double.class);
        Long updated = row.getObject("updated_at", Long.class);
        return new AlertRecord(row.getString("alert_id"), opened, row.getString("severity"), row.getString("source"),
                row.getString("message"), row.getString("details"), row.getObject("resolved_at", Long.class),
                row.getString("rule_id"), row.getString("fingerprint"),
                labels == null ? Labels.empty() : Labels.fromJson(labels), value,
                updated == null ? opened : updated, row.getLong("evaluations"));
    }
}
