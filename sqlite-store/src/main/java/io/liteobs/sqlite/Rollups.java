package io.liteobs.sqlite;

import io.liteobs.RollupTier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The metric rollups: per series and bucket of each {@link RollupTier}, the count, sum, minimum, maximum and last
 * value of the points, in {@code metrics_rollup_1m} and {@code metrics_rollup_1h}. They are written in the
 * transaction of the points they sum up, so that no crash can leave one without the other; the points of a batch
 * are summed up in memory first, and each bucket a batch touches is written once, merged into what the bucket
 * already holds, which makes a late point (one older than points already written) as good as any other.
 *
 * <p>Each tier is complete from a <em>horizon</em> on, kept in {@code _observability_metadata}: the migration that
 * creates the tables fills them from every point of the file and records the tiers as complete since forever;
 * retention raises a tier's horizon to the first bucket it keeps. Queries read the horizons to choose where each
 * part of a range is answered from ({@link RollupQueries}); a file without them (older than schema version 6) is
 * answered from raw points.
 */
final class Rollups {

    /** The rollup buckets a rebuild gathers in memory before writing them. */
    private static final int REBUILD_FLUSH_BUCKETS = 10_000;
    /** How many candidate series retention reads at a time. */
    private static final int RETENTION_PAGE = 1_000;

    private static final String RAISE_HORIZON = """
            INSERT INTO _observability_metadata (key, value) VALUES (?, ?)
            ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))""";
    private static final String SET_HORIZON = "INSERT INTO _observability_metadata (key, value) VALUES (?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    private static final String READ_HORIZONS = "SELECT key, CAST(value AS INTEGER) FROM _observability_metadata"
            + " WHERE key IN (?, ?)";
    private static final String SERIES_AFTER =
            "SELECT series_id FROM metrics_metadata WHERE series_id > ? ORDER BY series_id LIMIT " + RETENTION_PAGE;
    private static final String POINTS_IN_ORDER =
            "SELECT series_id, timestamp, value FROM metrics_timeseries ORDER BY series_id, timestamp, seq";

    /** The upsert of each tier, made once: the writer runs them for every batch. */
    private static final String UPSERT_MINUTE = upsertSql(RollupTier.MINUTE);
    private static final String UPSERT_HOUR = upsertSql(RollupTier.HOUR);

    /** The last series each tier's retention run has cleaned, or 0 for none yet, and that run's horizon. */
    private final Map<RollupTier, Long> retentionCursors = new EnumMap<>(RollupTier.class);
    private final Map<RollupTier, Long> retentionHorizons = new EnumMap<>(RollupTier.class);

    Rollups() {
        for (RollupTier tier : RollupTier.values()) {
            retentionCursors.put(tier, 0L);
            retentionHorizons.put(tier, Long.MIN_VALUE);
        }
    }

    /** The {@code _observability_metadata} key of a tier's horizon; absent while the tier is not filled. */
    static String horizonKey(RollupTier tier) {
        return "rollups_complete_from:" + Schema.tableOf(tier);
    }

    /**
     * Merges one bucket's aggregates into a tier's row: counts and sums add up, the extremes widen, and the last
     * value is the one with the later timestamp; at an equal timestamp the incoming one, whose points were written
     * later and so took the higher sequence numbers.
     */
    private static String upsertSql(RollupTier tier) {
        return """
                INSERT INTO %s (series_id, bucket_start, point_count, value_sum, value_min, value_max, last_value,
                                last_timestamp)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (series_id, bucket_start) DO UPDATE SET
                    point_count = point_count + excluded.point_count,
                    value_sum = value_sum + excluded.value_sum,
                    value_min = min(value_min, excluded.value_min),
                    value_max = max(value_max, excluded.value_max),
                    last_value = CASE WHEN excluded.last_timestamp >= last_timestamp
                                      THEN excluded.last_value ELSE last_value END,
                    last_timestamp = max(last_timestamp, excluded.last_timestamp)""".formatted(Schema.tableOf(tier));
    }

    private static String upsert(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> UPSERT_MINUTE;
            case HOUR -> UPSERT_HOUR;
        };
    }

    /**
     * Adds a batch's points, given in series and time order (points of one millisecond in the order they were
     * stored), to every tier: one upsert per bucket touched.
     */
    static void add(WriteSession session, long[] seriesIds, long[] timestamps, double[] values, int count)
            throws SQLException {
        for (RollupTier tier : RollupTier.values()) {
            Buckets buckets = new Buckets(tier, count);
            for (int i = 0; i < count; i++) {
                buckets.add(seriesIds[i], timestamps[i], values[i]);
            }
            buckets.writeTo(session.prepared(upsert(tier)));
        }
    }

    /**
     * Fills every tier from the points of the file, series by series in key order, with the writer's own summing,
     * then records every tier as complete since forever. Runs in the migration's transaction: the tables are empty,
     * and a crash leaves the file at the version before, to migrate again. Memory is bounded by
     * {@value #REBUILD_FLUSH_BUCKETS} buckets per tier; the write-ahead log grows by the size of the rollups.
     */
    static void rebuild(Connection connection) throws SQLException {
        RollupTier[] tiers = RollupTier.values();
        Buckets[] buckets = new Buckets[tiers.length];
        PreparedStatement[] upserts = new PreparedStatement[tiers.length];
        try (PreparedStatement points = connection.prepareStatement(POINTS_IN_ORDER)) {
            for (int t = 0; t < tiers.length; t++) {
                buckets[t] = new Buckets(tiers[t], REBUILD_FLUSH_BUCKETS);
                upserts[t] = connection.prepareStatement(upsert(tiers[t]));
            }
            try (ResultSet rows = points.executeQuery()) {
                while (rows.next()) {
                    for (int t = 0; t < tiers.length; t++) {
                        buckets[t].add(rows.getLong(1), rows.getLong(2), rows.getDouble(3));
                        if (buckets[t].size() >= REBUILD_FLUSH_BUCKETS) {
                            // the open bucket is written too: a later row of it merges into what was written
                            buckets[t].writeTo(upserts[t]);
                        }
                    }
                }
            }
            for (int t = 0; t < tiers.length; t++) {
                buckets[t].writeTo(upserts[t]);
            }
        } finally {
            for (PreparedStatement upsert : upserts) {
                if (upsert != null) {
                    upsert.close();
                }
            }
        }
        try (PreparedStatement set = connection.prepareStatement(SET_HORIZON)) {
            for (RollupTier tier : RollupTier.values()) {
                set.setString(1, horizonKey(tier));
                set.setString(2, Long.toString(Long.MIN_VALUE));
                set.executeUpdate();
            }
        }
    }

    /** Where each tier is complete from, as recorded in the file; a tier missing from it is not filled. */
    static Horizons horizons(Connection connection) throws SQLException {
        Map<RollupTier, Long> tiers = new EnumMap<>(RollupTier.class);
        try (PreparedStatement read = connection.prepareStatement(READ_HORIZONS)) {
            read.setString(1, horizonKey(RollupTier.MINUTE));
            read.setString(2, horizonKey(RollupTier.HOUR));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    for (RollupTier tier : RollupTier.values()) {
                        if (rows.getString(1).equals(horizonKey(tier))) {
                            tiers.put(tier, rows.getLong(2));
                        }
                    }
                }
            }
        }
        return new Horizons(tiers);
    }

    /**
     * Where the filled tiers are complete from, in epoch milliseconds.
     *
     * @param tiers each filled tier's horizon, a multiple of its bucket or {@link Long#MIN_VALUE}
     */
    record Horizons(Map<RollupTier, Long> tiers) {
    }

    private static void raiseHorizon(WriteSession session, String key, long millis) throws SQLException {
        PreparedStatement raise = session.prepared(RAISE_HORIZON);
        raise.setString(1, key);
        raise.setString(2, Long.toString(millis));
        raise.executeUpdate();
    }

    /**
     * Deletes at most {@code budget} buckets of the tier that start before the cutoff, series by series from where
     * the run under way stands, and raises the tier's horizon to the first bucket at or after the cutoff, in the
     * same transaction. A tier not filled in this file (no horizon) has nothing to delete.
     */
    long deleteOlderThan(WriteSession session, RollupTier tier, long cutoffMillis, long budget) throws SQLException {
        long bucket = tier.bucketMillis();
        long horizon = Math.floorDiv(cutoffMillis, bucket) * bucket + (Math.floorMod(cutoffMillis, bucket) == 0
                ? 0 : bucket);
        raiseHorizon(session, horizonKey(tier), horizon);
        if (retentionHorizons.getOrDefault(tier, Long.MIN_VALUE) != horizon) {
            // a new run: it starts from the first series
            retentionHorizons.put(tier, horizon);
            retentionCursors.put(tier, 0L);
        }
        String table = Schema.tableOf(tier);
        long deleted = 0;
        long cursor = retentionCursor(tier);
        while (true) {
            List<Long> seriesIds = seriesAfter(session, cursor);
            if (seriesIds.isEmpty()) {
                // the run is over: the next one starts from the first series again
                retentionCursors.put(tier, 0L);
                return deleted;
            }
            for (long seriesId : seriesIds) {
                long removed = deleteOldBuckets(session, table, seriesId, horizon, budget - deleted);
                deleted += removed;
                if (deleted == budget) {
                    // the series may have more old buckets: the next chunk starts with it again
                    retentionCursors.put(tier, seriesId - 1);
                    return deleted;
                }
                cursor = seriesId;
            }
        }
    }

    /** The cursor of a tier's retention run, to restore when its transaction rolls back. */
    long retentionCursor(RollupTier tier) {
        return retentionCursors.getOrDefault(tier, 0L);
    }

    /** Restores a tier's retention cursor after its chunk rolled back. */
    void retentionRolledBack(RollupTier tier, long cursor) {
        retentionCursors.put(tier, cursor);
    }

    private static List<Long> seriesAfter(WriteSession session, long afterSeriesId) throws SQLException {
        List<Long> seriesIds = new ArrayList<>();
        PreparedStatement page = session.prepared(SERIES_AFTER);
        page.setLong(1, afterSeriesId);
        try (ResultSet rows = page.executeQuery()) {
            while (rows.next()) {
                seriesIds.add(rows.getLong(1));
            }
        }
        return seriesIds;
    }

    /** Deletes at most {@code budget} of one series' buckets that start before the horizon, oldest first. */
    private static long deleteOldBuckets(WriteSession session, String table, long seriesId, long horizon, long budget)
            throws SQLException {
        PreparedStatement last = session.prepared("SELECT bucket_start FROM " + table
                + " WHERE series_id = ? AND bucket_start < ? ORDER BY bucket_start LIMIT 1 OFFSET ?");
        last.setLong(1, seriesId);
        last.setLong(2, horizon);
        last.setLong(3, budget - 1);
        long upTo;
        try (ResultSet row = last.executeQuery()) {
            // the budget'th old bucket, or the horizon when the series has fewer old buckets than the budget
            upTo = row.next() ? row.getLong(1) + 1 : horizon;
        }
        PreparedStatement delete = session.prepared("DELETE FROM " + table
                + " WHERE series_id = ? AND bucket_start < ?");
        delete.setLong(1, seriesId);
        delete.setLong(2, upTo);
        return delete.executeUpdate();
    }

    /**
     * The buckets of one tier that points given in series and time order fall into, summed up in arrays: a point
     * either joins the open bucket or opens the next one.
     */
    private static final class Buckets {
        private final long width;
        private int size;
        private long[] seriesIds;
        private long[] starts;
        private long[] counts;
        private double[] sums;
        private double[] mins;
        private double[] maxes;
        private double[] lastValues;
        private long[] lastTimestamps;

        Buckets(RollupTier tier, int expected) {
            this.width = tier.bucketMillis();
            int capacity = Math.max(16, Math.min(expected, REBUILD_FLUSH_BUCKETS));
            seriesIds = new long[capacity];
            starts = new long[capacity];
            counts = new long[capacity];
            sums = new double[capacity];
            mins = new double[capacity];
            maxes = new double[capacity];
            lastValues = new double[capacity];
            lastTimestamps = new long[capacity];
        }

        int size() {
            return size;
        }

        void add(long seriesId, long timestamp, double value) {
            long start = Math.floorDiv(timestamp, width) * width;
            int open = size - 1;
            if (open >= 0 && seriesIds[open] == seriesId && starts[open] == start) {
                counts[open]++;
                sums[open] += value;
                mins[open] = Math.min(mins[open], value);
                maxes[open] = Math.max(maxes[open], value);
                // points come in time order: the latest so far is the last
                lastValues[open] = value;
                lastTimestamps[open] = timestamp;
                return;
            }
            if (size == starts.length) {
                grow();
            }
            seriesIds[size] = seriesId;
            starts[size] = start;
            counts[size] = 1;
            sums[size] = value;
            mins[size] = value;
            maxes[size] = value;
            lastValues[size] = value;
            lastTimestamps[size] = timestamp;
            size++;
        }

        private void grow() {
            int capacity = starts.length * 2;
            seriesIds = Arrays.copyOf(seriesIds, capacity);
            starts = Arrays.copyOf(starts, capacity);
            counts = Arrays.copyOf(counts, capacity);
            sums = Arrays.copyOf(sums, capacity);
            mins = Arrays.copyOf(mins, capacity);
            maxes = Arrays.copyOf(maxes, capacity);
            lastValues = Arrays.copyOf(lastValues, capacity);
            lastTimestamps = Arrays.copyOf(lastTimestamps, capacity);
        }

        /** Merges every bucket into the tier's table, then starts empty. */
        void writeTo(PreparedStatement upsert) throws SQLException {
            if (size == 0) {
                return;
            }
            for (int i = 0; i < size; i++) {
                upsert.setLong(1, seriesIds[i]);
                upsert.setLong(2, starts[i]);
                upsert.setLong(3, counts[i]);
                upsert.setDouble(4, sums[i]);
                upsert.setDouble(5, mins[i]);
                upsert.setDouble(6, maxes[i]);
                upsert.setDouble(7, lastValues[i]);
                upsert.setLong(8, lastTimestamps[i]);
                upsert.addBatch();
            }
            upsert.executeBatch();
            size = 0;
        }
    }
}
