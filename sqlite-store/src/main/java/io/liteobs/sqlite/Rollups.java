package io.liteobs.sqlite;

import io.liteobs.RollupTier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric rollups: per series and bucket of each {@link RollupTier}, the count, sum, minimum, maximum and last
 * value of the points, in {@code metrics_rollup_1m} and {@code metrics_rollup_1h}. They are written in the
 * transaction of the points they sum up, so that no crash can leave one without the other; the points of a batch
 * are summed up in memory first, and each bucket a batch touches is written once, merged into what the bucket
 * already holds, which makes a late point (one older than points already written) as good as any other. Rolling up
 * later, in a step of its own, was measured to cost the writer more (the points are read back, and the step's
 * seeks and commits come on top): see docs/rollups.md. The minute tier leaves out the points of each series' raw
 * minutes, which stand for their buckets themselves ({@link RawMinutes}).
 *
 * <p>A file that held points before it had rollups (one of schema version 5 or older) is not rolled up when it is
 * migrated, which would hold the write lock for minutes on a large file: the migration records the range its tiers
 * lack, the <em>gap</em> {@code [rollups_missing_from, rollups_missing_until)} per tier in
 * {@code _observability_metadata}, up to the minute after the newest point it held. The writer leaves points in a
 * tier's gap to the rollup step ({@link #catchUp}), which the writer thread runs between batches: it rolls up the gap
 * from its start in chunks of time sized to keep each transaction near {@value #CHUNK_TARGET_MILLIS} ms, with one
 * set-based statement per tier (the minute tier from the points, the hour tier from the minute tier), and moves the
 * gap's start in the same transaction. A crash between steps loses nothing: the next step starts where the gap does.
 *
 * <p>Each tier is also complete from a <em>horizon</em> on, {@code rollups_complete_from:<table>}, which retention
 * raises to the first bucket it keeps. Queries answer a tier's whole buckets from its horizon on, outside its gap,
 * from the tier ({@link RollupQueries}), the rest from finer tiers and raw points; a file without horizons (older
 * than schema version 6) is answered from raw points.
 */
final class Rollups {

    /**
     * The time one rollup step aims at: the chunk of time it rolls up doubles while a step takes less than half of
     * this and halves when it takes more than twice as long, so that no step holds the write lock for long. Every
     * step costs a seek per series and a commit besides its points: shorter steps spend more on those.
     */
    static final long CHUNK_TARGET_MILLIS = 40;
    private static final long MINUTE = RollupTier.MINUTE.bucketMillis();
    /** The widest chunk of time one step rolls up: a long stretch without points is crossed in a few steps. */
    private static final long MAX_CHUNK_MILLIS = 30 * 86_400_000L;
    /** How many candidate series retention reads at a time. */
    private static final int RETENTION_PAGE = 1_000;

    private static final String RAISE_HORIZON = """
            INSERT INTO _observability_metadata (key, value) VALUES (?, ?)
            ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))""";
    private static final String SET_KEY = "INSERT INTO _observability_metadata (key, value) VALUES (?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    private static final String READ_KEYS = "SELECT key, CAST(value AS INTEGER) FROM _observability_metadata"
            + " WHERE key IN (?, ?, ?, ?, ?, ?)";
    private static final String SERIES_AFTER =
            "SELECT series_id FROM metrics_metadata WHERE series_id > ? ORDER BY series_id LIMIT " + RETENTION_PAGE;
    /** Where points begin: first_seen is exact or lower. */
    private static final String OLDEST_POINT = "SELECT min(first_seen) FROM metrics_metadata";
    /** The newest point of the file, one seek per series. */
    private static final String NEWEST_POINT = "SELECT max((SELECT max(t.timestamp) FROM metrics_timeseries t"
            + " WHERE t.series_id = m.series_id)) FROM metrics_metadata m";

    /** The upsert of each tier, made once: the writer runs them for every batch. */
    private static final String UPSERT_MINUTE = upsertSql(RollupTier.MINUTE);
    private static final String UPSERT_HOUR = upsertSql(RollupTier.HOUR);

    /**
     * The minute tier from the points of {@code [?1, ?2)}: one seek per series seen in that range (the CROSS JOIN
     * keeps the series the outer loop: SQLite's planner would otherwise scan every point).
     */
    private static final String ROLL_UP_POINTS = rollUpPointsSql("""
            FROM metrics_metadata m CROSS JOIN metrics_timeseries t
                 ON t.series_id = m.series_id AND t.timestamp >= ?1 AND t.timestamp < ?2""");
    /** The minute tier from the points of series {@code ?3} in {@code [?1, ?2)}. */
    private static final String ROLL_UP_SERIES_POINTS = rollUpPointsSql(
            "FROM metrics_timeseries t WHERE t.series_id = ?3 AND t.timestamp >= ?1 AND t.timestamp < ?2");
    /** The hour tier from the minute buckets that start in {@code [?1, ?2)}; the last value is the latest bucket's. */
    private static final String ROLL_UP_MINUTES = """
            INSERT INTO metrics_rollup_1h (series_id, bucket_start, point_count, value_sum, value_min, value_max,
                                           last_value, last_timestamp)
            SELECT g.series_id, g.bucket, g.n, g.s, g.lo, g.hi,
                   (SELECT l.last_value FROM metrics_rollup_1m l WHERE l.series_id = g.series_id
                    AND l.bucket_start = %s), g.lt
            FROM (SELECT r.series_id, %s AS bucket, sum(r.point_count) AS n, sum(r.value_sum) AS s,
                         min(r.value_min) AS lo, max(r.value_max) AS hi, max(r.last_timestamp) AS lt
                  FROM metrics_metadata m CROSS JOIN metrics_rollup_1m r
                       ON r.series_id = m.series_id AND r.bucket_start >= ?1 AND r.bucket_start < ?2
                  GROUP BY r.series_id, bucket) g
            WHERE true
            %s""".formatted(bucketOf("g.lt", MINUTE), bucketOf("r.bucket_start", RollupTier.HOUR.bucketMillis()),
            mergeClause());

    /** The last series each tier's retention run has cleaned, or 0 for none yet, and that run's horizon. */
    private final Map<RollupTier, Long> retentionCursors = new EnumMap<>(RollupTier.class);
    private final Map<RollupTier, Long> retentionHorizons = new EnumMap<>(RollupTier.class);
    /** The chunk of time the next step rolls up; guarded by the write lock. */
    private long chunkMillis = MINUTE;
    /**
     * Set once the file is known to have no gap: only a migration makes one, so from then on batches need not read
     * the gaps, and the step has nothing to do.
     */
    private volatile boolean noGaps;

    Rollups() {
        for (RollupTier tier : RollupTier.values()) {
            retentionCursors.put(tier, 0L);
            retentionHorizons.put(tier, Long.MIN_VALUE);
        }
    }

    /** The {@code _observability_metadata} key of a tier's horizon; absent while the tier is not kept. */
    static String horizonKey(RollupTier tier) {
        return "rollups_complete_from:" + Schema.tableOf(tier);
    }

    /** The {@code _observability_metadata} key of where a tier's gap begins: the rollup step's progress. */
    static String gapFromKey(RollupTier tier) {
        return "rollups_missing_from:" + Schema.tableOf(tier);
    }

    /** The {@code _observability_metadata} key of where a tier's gap ends: the tier holds every point after it. */
    static String gapUntilKey(RollupTier tier) {
        return "rollups_missing_until:" + Schema.tableOf(tier);
    }

    /** The start of the bucket of {@code width} that {@code millis} (SQL) falls in, for negative times too. */
    private static String bucketOf(String millis, long width) {
        return "%1$s - ((%1$s %% %2$d) + %2$d) %% %2$d".formatted(millis, width);
    }

    /**
     * Merges one bucket's aggregates into a tier's row: counts and sums add up, the extremes widen, and the last
     * value is the one with the later timestamp; at an equal timestamp the incoming one, whose points were written
     * later and so took the higher sequence numbers.
     */
    private static String mergeClause() {
        return """
                ON CONFLICT (series_id, bucket_start) DO UPDATE SET
                    point_count = point_count + excluded.point_count,
                    value_sum = value_sum + excluded.value_sum,
                    value_min = min(value_min, excluded.value_min),
                    value_max = max(value_max, excluded.value_max),
                    last_value = CASE WHEN excluded.last_timestamp >= last_timestamp
                                      THEN excluded.last_value ELSE last_value END,
                    last_timestamp = max(last_timestamp, excluded.last_timestamp)""";
    }

    /**
     * The minute tier from the points {@code pointsOfRange} gives as {@code t}, merged into the rows: the bucket's
     * last value read by the key of its latest point (the highest sequence number of its millisecond), unless it is
     * the only one.
     */
    private static String rollUpPointsSql(String pointsOfRange) {
        return """
                INSERT INTO metrics_rollup_1m (series_id, bucket_start, point_count, value_sum, value_min, value_max,
                                               last_value, last_timestamp)
                SELECT g.series_id, g.bucket, g.n, g.s, g.lo, g.hi,
                       CASE WHEN g.n = 1 THEN g.hi ELSE (SELECT l.value FROM metrics_timeseries l
                           WHERE l.series_id = g.series_id AND l.timestamp = g.lt ORDER BY l.seq DESC LIMIT 1) END, g.lt
                FROM (SELECT t.series_id, %s AS bucket, count(*) AS n, sum(t.value) AS s, min(t.value) AS lo,
                             max(t.value) AS hi, max(t.timestamp) AS lt
                      %s
                      GROUP BY t.series_id, bucket) g
                WHERE true
                %s""".formatted(bucketOf("t.timestamp", MINUTE), pointsOfRange, mergeClause());
    }

    private static String upsertSql(RollupTier tier) {
        return """
                INSERT INTO %s (series_id, bucket_start, point_count, value_sum, value_min, value_max, last_value,
                                last_timestamp)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                %s""".formatted(Schema.tableOf(tier), mergeClause());
    }

    private static String upsert(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> UPSERT_MINUTE;
            case HOUR -> UPSERT_HOUR;
        };
    }

    /**
     * Adds a batch's points to every tier, one upsert per bucket touched, except the points in a tier's gap, which
     * the rollup step takes, and those the minute tier leaves to be read as points ({@link RawMinutes}).
     *
     * @param seriesIds  the points' series, in series and time order (points of one millisecond in the order they
     *                   were stored)
     * @param timestamps the points' timestamps, in the same order
     * @param values     the points' values
     * @param minuteRows per point, whether the minute tier takes it
     * @param count      how many points the arrays hold
     */
    void add(WriteSession session, long[] seriesIds, long[] timestamps, double[] values, boolean[] minuteRows,
             int count) throws SQLException {
        Gaps gaps = noGaps ? Gaps.NONE : gaps(session.connection());
        for (RollupTier tier : RollupTier.values()) {
            Gap gap = gaps.of(tier);
            Buckets buckets = new Buckets(tier, count);
            boolean minuteTier = tier == RollupTier.MINUTE;
            for (int i = 0; i < count; i++) {
                if (!gap.contains(timestamps[i]) && (minuteRows[i] || !minuteTier)) {
                    buckets.add(seriesIds[i], timestamps[i], values[i]);
                }
            }
            buckets.writeTo(session.prepared(upsert(tier)));
        }
    }

    /** The start of the minute {@code millis} falls in; {@link Long#MIN_VALUE} (no time yet) stays itself. */
    static long minuteOf(long millis) {
        return millis == Long.MIN_VALUE ? millis : Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    /**
     * Runs one rollup step if a tier has a gap, in its own short transaction, on the caller's thread (the writer
     * thread's, between batches): rolls up the points of one chunk of time at the start of the minute tier's gap,
     * then the minute buckets the hour tier's gap lacks, and moves both gaps' starts.
     *
     * @return whether another step has work
     */
    boolean catchUp(WriteConnection writer, Runnable afterCommit) {
        if (noGaps || writer.withoutTransaction("reading the rollups' gaps", session -> {
            gaps(session.connection());
            return noGaps;
        })) {
            // read outside a transaction: a file without gaps (most) is never locked for this, nor need be writable
            return false;
        }
        // a step that rolls back closed nothing, whatever it found
        return writer.inTransaction("rollup of a file's older points", this::step, () -> noGaps = false, afterCommit);
    }

    /**
     * Where the points that may not be rolled up yet begin: the start of the minute tier's gap, or
     * {@link Long#MAX_VALUE} when there is none. Retention deletes no point from there on, or the tiers would never
     * get it.
     */
    long pointsRolledUpBefore(WriteConnection writer) {
        if (noGaps) {
            return Long.MAX_VALUE;
        }
        return writer.withoutTransaction("reading the rollups' gaps", session -> {
            Gap minutes = gaps(session.connection()).minute();
            return minutes.isEmpty() ? Long.MAX_VALUE : minutes.from();
        });
    }

    private boolean step(WriteSession session) throws SQLException {
        long started = System.nanoTime();
        Connection connection = session.connection();
        Gaps gaps = gaps(connection);
        Gap minutes = gaps.minute();
        long from = minutes.from();
        if (from < minutes.until()) {
            if (from == Long.MIN_VALUE) {
                // the first step: where the points begin says where to start
                try (PreparedStatement oldest = connection.prepareStatement(OLDEST_POINT);
                     ResultSet row = oldest.executeQuery()) {
                    long first = row.next() ? row.getLong(1) : 0;
                    from = row.wasNull() ? minutes.until() : Math.min(minutes.until(), first);
                }
            }
            long to = minutes.until() - from > chunkMillis ? from + chunkMillis : minutes.until();
            if (minuteOf(to) > from) {
                // chunks end on whole minutes where they can, so that the hour tier can take every minute they pass
                to = minuteOf(to);
            }
            rollUp(session, ROLL_UP_POINTS, from, to);
            setKey(session, gapFromKey(RollupTier.MINUTE), to);
            from = to;
        }
        // the hour tier takes whole minute buckets only, and keeps up with the minute tier step by step, so that the
        // minute tier's retention never deletes a bucket the hour tier has not taken
        Gap hours = gaps.hour();
        long hourTo = Math.min(hours.until(), minuteOf(from));
        if (hours.from() < hourTo) {
            rollUp(session, ROLL_UP_MINUTES, hours.from(), hourTo);
            setKey(session, gapFromKey(RollupTier.HOUR), hourTo);
        }
        // the chunk follows the whole step, the hour tier's part included, which grows with the chunk too
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        if (tookMillis < CHUNK_TARGET_MILLIS / 2) {
            chunkMillis = Math.min(MAX_CHUNK_MILLIS, chunkMillis * 2);
        } else if (tookMillis > 2 * CHUNK_TARGET_MILLIS) {
            chunkMillis = Math.max(1, chunkMillis / 2);
        }
        boolean more = from < minutes.until() || (!hours.isEmpty() && hourTo < hours.until());
        noGaps = !more;
        return more;
    }

    /** Rolls up the points of one series in {@code [from, to)} into the minute tier's rows. */
    void rollUpSeries(WriteSession session, long seriesId, long from, long to) throws SQLException {
        PreparedStatement rollUp = session.prepared(ROLL_UP_SERIES_POINTS);
        rollUp.setLong(1, from);
        rollUp.setLong(2, to);
        rollUp.setLong(3, seriesId);
        rollUp.executeUpdate();
    }

    private static void rollUp(WriteSession session, String sql, long from, long to) throws SQLException {
        PreparedStatement rollUp = session.prepared(sql);
        rollUp.setLong(1, from);
        rollUp.setLong(2, to);
        rollUp.executeUpdate();
    }

    private static void setKey(WriteSession session, String key, long millis) throws SQLException {
        PreparedStatement set = session.prepared(SET_KEY);
        set.setString(1, key);
        set.setString(2, Long.toString(millis));
        set.executeUpdate();
    }

    /**
     * The data step of schema version 7, which records the gaps. The version-6 step of releases before this one
     * filled the tiers from every point and recorded their horizons in the same transaction; that of this release
     * creates the tables only, and records nothing. So a file with horizons was filled, and has no gap. A file
     * without them has empty tiers (a file of version 5 or older, or a new one): both tiers are kept from forever,
     * and lack everything up to the minute after the newest point it holds, which the rollup step fills after the
     * store has opened, chunk by chunk, while queries read raw points for it.
     */
    static void recordGaps(Connection connection) throws SQLException {
        if (readKeys(connection, horizonKey(RollupTier.MINUTE)).containsKey(horizonKey(RollupTier.MINUTE))) {
            return;
        }
        try (PreparedStatement set = connection.prepareStatement(SET_KEY)) {
            for (RollupTier tier : RollupTier.values()) {
                set.setString(1, horizonKey(tier));
                set.setString(2, Long.toString(Long.MIN_VALUE));
                set.executeUpdate();
            }
            try (PreparedStatement newest = connection.prepareStatement(NEWEST_POINT);
                 ResultSet row = newest.executeQuery()) {
                long timestamp = row.next() ? row.getLong(1) : 0;
                if (row.wasNull()) {
                    return;
                }
                for (RollupTier tier : RollupTier.values()) {
                    set.setString(1, gapFromKey(tier));
                    set.setString(2, Long.toString(Long.MIN_VALUE));
                    set.executeUpdate();
                    set.setString(1, gapUntilKey(tier));
                    set.setString(2, Long.toString(minuteOf(timestamp) + MINUTE));
                    set.executeUpdate();
                }
            }
        }
    }

    /**
     * The range of time a tier lacks: {@code [from, until)}, empty when {@code from >= until}.
     *
     * @param from  the first millisecond the tier lacks
     * @param until the first millisecond after the gap
     */
    record Gap(long from, long until) {

        static final Gap NONE = new Gap(Long.MAX_VALUE, Long.MAX_VALUE);

        boolean isEmpty() {
            return from >= until;
        }

        boolean contains(long millis) {
            return millis >= from && millis < until;
        }
    }

    /**
     * The gaps of both tiers as the file records them.
     *
     * @param minute the minute tier's
     * @param hour   the hour tier's
     */
    private record Gaps(Gap minute, Gap hour) {

        static final Gaps NONE = new Gaps(Gap.NONE, Gap.NONE);

        Gap of(RollupTier tier) {
            return tier == RollupTier.MINUTE ? minute : hour;
        }
    }

    private Gaps gaps(Connection connection) throws SQLException {
        Map<String, Long> values = readKeys(connection, gapFromKey(RollupTier.MINUTE), gapUntilKey(RollupTier.MINUTE),
                gapFromKey(RollupTier.HOUR), gapUntilKey(RollupTier.HOUR));
        Gaps gaps = new Gaps(gap(values, RollupTier.MINUTE), gap(values, RollupTier.HOUR));
        if (gaps.minute().isEmpty() && gaps.hour().isEmpty()) {
            noGaps = true;
        }
        return gaps;
    }

    private static Gap gap(Map<String, Long> values, RollupTier tier) {
        Long until = values.get(gapUntilKey(tier));
        return until == null ? Gap.NONE : new Gap(values.getOrDefault(gapFromKey(tier), until), until);
    }

    private static Map<String, Long> readKeys(Connection connection, String... keys) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (PreparedStatement read = connection.prepareStatement(READ_KEYS)) {
            for (int i = 0; i < 6; i++) {
                read.setString(i + 1, keys[i % keys.length]);
            }
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return values;
    }

    /**
     * Where each kept tier is complete from, and the gap it lacks, as recorded in the file. A tier without a horizon
     * is not kept.
     */
    static Horizons horizons(Connection connection) throws SQLException {
        Map<String, Long> values = readKeys(connection, horizonKey(RollupTier.MINUTE), horizonKey(RollupTier.HOUR),
                gapFromKey(RollupTier.MINUTE), gapUntilKey(RollupTier.MINUTE), gapFromKey(RollupTier.HOUR),
                gapUntilKey(RollupTier.HOUR));
        Map<RollupTier, Long> from = new EnumMap<>(RollupTier.class);
        Map<RollupTier, Gap> gaps = new EnumMap<>(RollupTier.class);
        for (RollupTier tier : RollupTier.values()) {
            Long horizon = values.get(horizonKey(tier));
            if (horizon != null) {
                from.put(tier, horizon);
                gaps.put(tier, gap(values, tier));
            }
        }
        return new Horizons(from, gaps);
    }

    /**
     * Where the kept tiers are complete from, and what they lack, in epoch milliseconds.
     *
     * @param from each kept tier's horizon, a multiple of its bucket or {@link Long#MIN_VALUE}
     * @param gaps each kept tier's gap, which may be empty
     */
    record Horizons(Map<RollupTier, Long> from, Map<RollupTier, Gap> gaps) {
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
        private final long[] seriesIds;
        private final long[] starts;
        private final long[] counts;
        private final double[] sums;
        private final double[] mins;
        private final double[] maxes;
        private final double[] lastValues;
        private final long[] lastTimestamps;
        private int size;

        /** Room for {@code points} buckets: a batch of that many points opens as many at most. */
        Buckets(RollupTier tier, int points) {
            this.width = tier.bucketMillis();
            seriesIds = new long[points];
            starts = new long[points];
            counts = new long[points];
            sums = new double[points];
            mins = new double[points];
            maxes = new double[points];
            lastValues = new double[points];
            lastTimestamps = new long[points];
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

        /** Merges every bucket into the tier's table. */
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
        }
    }
}
