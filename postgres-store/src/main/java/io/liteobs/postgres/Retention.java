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

    private Retention() {
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
