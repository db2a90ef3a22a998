package io.liteobs.postgres;

import io.liteobs.DataKind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The delete path of retention: at most a chunk of the oldest rows of one kind per short transaction. The rows to
 * delete are picked with {@code FOR UPDATE SKIP LOCKED}, so that instances of a fleet running retention on one
 * database at the same moment share the work instead of waiting for each other's chunks. Deleted rows leave dead
 * tuples that autovacuum makes room of, which later inserts reuse: the tables stop growing once retention keeps up
 * (the choice against time partitions is measured in docs/postgres-store.md).
 */
final class Retention {

    /** Rows of the tables with a row id, oldest inserted first. */
    private static final String DELETE_OLDEST = "DELETE FROM %1$s WHERE id = ANY(ARRAY("
            + "SELECT id FROM %1$s WHERE timestamp < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED))";

    /**
     * Points have no row id: they are picked by their physical address through the timestamp BRIN index, and the
     * series they belonged to are returned so that their first seen time moves up.
     */
    private static final String DELETE_OLD_POINTS = "DELETE FROM metrics_timeseries WHERE ctid = ANY(ARRAY("
            + "SELECT ctid FROM metrics_timeseries WHERE timestamp < ? LIMIT ? FOR UPDATE SKIP LOCKED))"
            + " RETURNING series_id";

    /** After retention: a series' oldest point left, or the cutoff when none is left. */
    private static final String MOVE_FIRST_SEEN = """
            UPDATE metrics_metadata m SET first_seen = coalesce(
                (SELECT min(t.timestamp) FROM metrics_timeseries t WHERE t.series_id = m.series_id), ?)
            WHERE m.series_id = ANY(?) AND m.first_seen < ?""";

    /**
     * Alerting's rows, in the SQLite store's order: alerts that are resolved, or the library's own (a rule's open
     * alert stays, whatever its age); delivery attempts; then the state of rules not evaluated since the cutoff (no
     * longer configured), an instance only when it has no open alert, a rule only when it has no instance left.
     */
    private static final List<String> DELETE_ALERTING = List.of(
            "DELETE FROM system_alerts WHERE id = ANY(ARRAY(SELECT id FROM system_alerts WHERE timestamp < ?"
                    + " AND (resolved_at IS NOT NULL OR rule_id IS NULL) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED))",
            DELETE_OLDEST.formatted("alert_notifications"),
            """
            DELETE FROM alert_instances WHERE (rule_id, fingerprint) IN (
                SELECT i.rule_id, i.fingerprint FROM alert_rules r JOIN alert_instances i ON i.rule_id = r.rule_id
                WHERE r.last_evaluated < ? AND NOT EXISTS (SELECT 1 FROM system_alerts a
                    WHERE a.alert_id = i.alert_id AND a.resolved_at IS NULL)
                LIMIT ? FOR UPDATE OF i SKIP LOCKED)""",
            """
            DELETE FROM alert_rules WHERE rule_id IN (SELECT r.rule_id FROM alert_rules r
                WHERE r.last_evaluated < ? AND NOT EXISTS (SELECT 1 FROM alert_instances i WHERE i.rule_id = r.rule_id)
                LIMIT ? FOR UPDATE SKIP LOCKED)""");

    private Retention() {
    }

    /** Deletes up to {@code maxRows} of alerting's rows before the cutoff, of every table; returns how many. */
    static long deleteAlertingOlderThan(Connection connection, long cutoffMillis, int maxRows) throws SQLException {
        long deleted = 0;
        for (String sql : DELETE_ALERTING) {
            if (deleted == maxRows) {
                break;
            }
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setLong(1, cutoffMillis);
                delete.setLong(2, maxRows - deleted);
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    /**
     * Deletes up to {@code maxRows} rows of the kind older than the cutoff; returns how many it deleted. Writers idle
     * since before the cutoff go too ({@link WriteLedger#deleteIdle}).
     */
    static long deleteOlderThan(Connection connection, DataKind kind, long cutoffMillis, int maxRows)
            throws SQLException {
        if (kind == DataKind.METRICS) {
            throw new IllegalArgumentException("points are deleted by deleteOldPoints");
        }
        if (kind == DataKind.ALERTS) {
            return deleteAlertingOlderThan(connection, cutoffMillis, maxRows);
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_OLDEST.formatted(Schema.tableOf(kind)))) {
            delete.setLong(1, cutoffMillis);
            delete.setInt(2, maxRows);
            int deleted = delete.executeUpdate();
            WriteLedger.deleteIdle(connection, cutoffMillis);
            return deleted;
        }
    }

    /**
     * Deletes up to {@code maxRows} points older than the cutoff, and moves the first seen time of their series.
     * Writers idle since before the cutoff go too ({@link WriteLedger#deleteIdle}).
     *
     * @return the ids of the series that lost points, one per point deleted
     */
    static List<Integer> deleteOldPoints(Connection connection, long cutoffMillis, int maxRows) throws SQLException {
        List<Integer> seriesOfDeleted = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(DELETE_OLD_POINTS)) {
            delete.setLong(1, cutoffMillis);
            delete.setInt(2, maxRows);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    seriesOfDeleted.add(rows.getInt(1));
                }
            }
        }
        if (!seriesOfDeleted.isEmpty()) {
            try (PreparedStatement move = connection.prepareStatement(MOVE_FIRST_SEEN)) {
                Array ids = connection.createArrayOf("int4",
                        seriesOfDeleted.stream().distinct().sorted().toArray());
                move.setLong(1, cutoffMillis);
                move.setArray(2, ids);
                move.setLong(3, cutoffMillis);
                move.executeUpdate();
            }
        }
        WriteLedger.deleteIdle(connection, cutoffMillis);
        return seriesOfDeleted;
    }
}
