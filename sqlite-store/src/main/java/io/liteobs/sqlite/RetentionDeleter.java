package io.liteobs.sqlite;

import io.liteobs.DataKind;
import io.liteobs.RollupTier;
import io.liteobs.spi.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.IntToLongFunction;

/**
 * The delete path of retention: the oldest rows of one kind, in row-id order, one short write transaction per
 * chunk. While the disk is low on space, or once a delete has found it full, it deletes in chunks of
 * {@value DiskSpace#LOW_SPACE_CHUNK} rows and checkpoints the log after each, so that the log never needs more room
 * than the disk reserve gives back (see {@link DiskSpace}). Metric rollups go the same way, tier by tier.
 */
final class RetentionDeleter {

    private final WriteConnection writer;
    private final SqliteReader reader;
    private final MetricWriter metricWriter;
    private final Rollups rollups;
    private final DiskSpace diskSpace;
    private final ChangeGuard guard;

    RetentionDeleter(WriteConnection writer, SqliteReader reader, MetricWriter metricWriter, Rollups rollups,
            DiskSpace diskSpace, ChangeGuard guard) {
        this.writer = writer;
        this.reader = reader;
        this.metricWriter = metricWriter;
        this.rollups = rollups;
        this.diskSpace = diskSpace;
        this.guard = guard;
    }

    /**
     * Deletes at most {@code maxRows} rows of one kind with a timestamp before the cutoff; see
     * {@link SqliteStore#deleteOlderThan}.
     */
    long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        guard.refuseIfDamaged();
        try {
            if (!hasRowsBefore(kind, cutoffMillis)) {
                return 0;
            }
        } catch (StoreException e) {
            throw guard.failed(e);
        }
        return inChunks(chunk -> deleteChunk(kind, cutoffMillis, chunk), maxRows);
    }

    /**
     * Deletes at most {@code maxRows} buckets of a rollup tier that start before the cutoff; see
     * {@link SqliteStore#deleteRollupsOlderThan}. Walks the tier's series, one seek each: buckets of no series can be
     * found old without looking.
     */
    long deleteRollupsOlderThan(RollupTier tier, long cutoffMillis, int maxRows) {
        guard.refuseIfDamaged();
        return inChunks(chunk -> deleteRollupChunk(tier, cutoffMillis, chunk), maxRows);
    }

    /** Deletes in one chunk, or, while the disk is low on space or full, in small ones. */
    private long inChunks(IntToLongFunction deleteChunk, int maxRows) {
        try {
            boolean full = diskSpace.wasFull();
            if (!full && !diskSpace.low()) {
                try {
                    return deleteChunk.applyAsLong(maxRows);
                } catch (StoreException e) {
                    if (!SqlErrors.isFull(e)) {
                        throw e;
                    }
                    full = true;
                }
            }
            if (full) {
                // Deleting needs room in the log too: release the reserve, and go on in chunks small enough for it.
                diskSpace.releaseForRetention();
                writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
            }
            return deleteInSmallChunks(deleteChunk, maxRows);
        } catch (StoreException e) {
            throw guard.failed(e);
        }
    }

    /**
     * Whether any row of the kind may be older than the cutoff, asked on a reading connection, without the write
     * lock, through the timestamp index (for metrics, through each series' first_seen): the last chunk of every
     * retention run finds nothing, and would otherwise walk the whole table under the write lock to find it.
     */
    private boolean hasRowsBefore(DataKind kind, long cutoffMillis) {
        String sql = switch (kind) {
            case METRICS -> "SELECT 1 FROM " + Schema.METRICS_METADATA + " WHERE first_seen < ? LIMIT 1";
            case ALERTS -> AlertStateTables.ANY_OLDER_THAN;
            default -> "SELECT 1 FROM " + Schema.tableOf(kind) + " WHERE timestamp < ? LIMIT 1";
        };
        return reader.read("looking for rows of " + kind + " older than " + cutoffMillis, connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int parameter = 1; parameter <= query.getParameterMetaData().getParameterCount(); parameter++) {
                    query.setLong(parameter, cutoffMillis);
                }
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private long deleteChunk(DataKind kind, long cutoffMillis, int maxRows) {
        String table = Schema.tableOf(kind);
        String action = "deleting rows older than " + cutoffMillis + " from " + table;
        if (kind == DataKind.METRICS) {
            long cursor = metricWriter.retentionCursor();
            return writer.inTransaction(action, session -> metricWriter.deleteOlderThan(session, cutoffMillis,
                    maxRows), () -> metricWriter.retentionRolledBack(cursor), () -> { });
        }
        if (kind == DataKind.ALERTS) {
            return writer.inTransaction(action + " and alerting's tables",
                    session -> AlertStateTables.deleteOlderThan(session, cutoffMillis, maxRows));
        }
        return writer.inTransaction(action, session -> {
            PreparedStatement delete = session.prepared(deleteOldestSql(table));
            delete.setLong(1, cutoffMillis);
            delete.setInt(2, maxRows);
            return (long) delete.executeUpdate();
        });
    }

    private long deleteRollupChunk(RollupTier tier, long cutoffMillis, int maxRows) {
        long cursor = rollups.retentionCursor(tier);
        return writer.inTransaction("deleting buckets older than " + cutoffMillis + " from " + Schema.tableOf(tier),
                session -> rollups.deleteOlderThan(session, tier, cutoffMillis, maxRows),
                () -> rollups.retentionRolledBack(tier, cursor), () -> { });
    }

    /** Deletes up to {@code maxRows} in transactions of a few hundred rows, checkpointing the log after each. */
    private long deleteInSmallChunks(IntToLongFunction deleteChunk, int maxRows) {
        long total = 0;
        long deleted;
        do {
            int chunk = (int) Math.min(DiskSpace.LOW_SPACE_CHUNK, maxRows - total);
            deleted = deleteChunk.applyAsLong(chunk);
            total += deleted;
            writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
        } while (deleted == DiskSpace.LOW_SPACE_CHUNK && total < maxRows);
        return total;
    }

    /**
     * Walks the table in row-id order, not through a timestamp index: measured on 500k rows, an index walk took
     * 9 s and grew the WAL to 1.5 GiB, the row-id walk 1 s and 25 MiB. Row ids grow with insertion time, so the
     * oldest rows come first. NOT INDEXED keeps the planner from choosing a timestamp index.
     */
    private static String deleteOldestSql(String table) {
        return "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " NOT INDEXED WHERE timestamp < ? ORDER BY id LIMIT ?)";
    }
}
