package io.liteobs.sqlite;

import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.MetricType;
import io.liteobs.RollupTier;
import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes metric points and descriptions. A series (metric name and label set) is stored once, as a row of
 * {@code metrics_metadata}; each point stores only its series id, timestamp, a sequence number and its value.
 * Series are looked up through a bounded in-memory cache, which also remembers, per series, the last timestamp
 * and sequence number written and the first and last seen times stored, so that most points cost one insert and
 * nothing else. Descriptions are kept in {@code _observability_metadata} as well, so that a series created later,
 * even after a restart or by another process, is described from its first point.
 *
 * <p>Used only under the write lock, which guards the cache.
 */
final class MetricWriter {

    /** The most series a store keeps in memory; the oldest entry makes room for a new one. */
    static final int MAX_CACHED_SERIES = 100_000;

    /**
     * How stale {@code metrics_metadata.last_seen} may be, in milliseconds: updating it for every batch doubled
     * the cost of a batch spread over a thousand series.
     */
    static final long LAST_SEEN_RESOLUTION_MILLIS = 1_000;

    /** How many candidate series retention reads at a time. */
    private static final int RETENTION_PAGE = 1_000;

    /** The {@code _observability_metadata} key prefix under which a metric's description is remembered. */
    private static final String DESCRIPTION_KEY_PREFIX = "metric_description:";

    private static final String UPDATE_SERIES_DESCRIPTIONS =
            "UPDATE metrics_metadata SET type = ?, unit = coalesce(?, unit), description = ? WHERE name = ?";
    private static final String REMEMBER_DESCRIPTION = """
            INSERT INTO _observability_metadata (key, value)
            VALUES (?, json_object('type', ?, 'unit', ?, 'description', ?))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value""";
    private static final String FIND_DESCRIPTION = """
            SELECT json_extract(value, '$.type'), json_extract(value, '$.unit'), json_extract(value, '$.description')
            FROM _observability_metadata WHERE key = ?""";
    private static final String FIND_SERIES = "SELECT series_id, first_seen, last_seen, raw_minutes_from,"
            + " raw_minutes_until FROM metrics_metadata WHERE name = ? AND labels = ?";
    private static final String CREATE_SERIES = """
            INSERT INTO metrics_metadata (name, labels, type, unit, description, first_seen, last_seen,
                                          raw_minutes_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, %s)
            RETURNING series_id, raw_minutes_from, raw_minutes_until""".formatted(RawMinutes.START_OF_NEW_SERIES);
    /** A point whose key is taken (another writer, or a restart, wrote the same millisecond) changes nothing. */
    private static final String INSERT_POINT = "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (series_id, timestamp, seq) DO NOTHING";
    private static final String NEXT_FREE_SEQ =
            "SELECT coalesce(max(seq) + 1, 0) FROM metrics_timeseries WHERE series_id = ? AND timestamp = ?";
    /** The next series, after a series id, that may hold points before the cutoff. */
    private static final String SERIES_WITH_OLD_POINTS = "SELECT series_id FROM metrics_metadata"
            + " WHERE series_id > ? AND first_seen < ? ORDER BY series_id LIMIT " + RETENTION_PAGE;
    private static final String OLD_POINT_AT_OFFSET = "SELECT timestamp, seq FROM metrics_timeseries"
            + " WHERE series_id = ? AND timestamp < ? ORDER BY timestamp, seq LIMIT 1 OFFSET ?";
    private static final String DELETE_OLD_POINTS_UP_TO =
            "DELETE FROM metrics_timeseries WHERE series_id = ? AND (timestamp, seq) <= (?, ?)";
    private static final String DELETE_OLD_POINTS =
            "DELETE FROM metrics_timeseries WHERE series_id = ? AND timestamp < ?";
    /** After retention: the oldest point left, or the cutoff when none is left. */
    private static final String MOVE_FIRST_SEEN = "UPDATE metrics_metadata SET first_seen = coalesce("
            + "(SELECT min(timestamp) FROM metrics_timeseries WHERE series_id = ?), ?) WHERE series_id = ?"
            + " RETURNING first_seen";
    private static final String UPDATE_SEEN =
            "UPDATE metrics_metadata SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?)"
                    + " WHERE series_id = ?";

    /** What identifies a series. */
    record SeriesKey(String name, Labels labels) {
    }

    /** A series as this writer knows it. */
    private static final class Series {
        final SeriesKey key;
        final long id;
        /** Where the minute tier leaves its points to be read as points. */
        final RawMinutes.Range rawMinutes;
        /** first_seen and last_seen as stored. */
        long storedFirst;
        long storedLast;
        /** The newest timestamp this writer stored, and the highest sequence number it used at that timestamp. */
        long lastTimestamp = Long.MIN_VALUE;
        int lastSeq;
        /** The oldest and newest timestamps of the current batch. */
        long batchFirst = Long.MAX_VALUE;
        long batchLast = Long.MIN_VALUE;

        Series(SeriesKey key, long id, RawMinutes.Range rawMinutes, long storedFirst, long storedLast) {
            this.key = key;
            this.id = id;
            this.rawMinutes = rawMinutes;
            this.storedFirst = storedFirst;
            this.storedLast = storedLast;
        }

        /** How many points this writer stored of the series in the minute of {@link #lastTimestamp}. */
        int pointsInNewestMinute;

        /**
         * Counts a point about to be stored into the minute of this writer's newest point of the series.
         *
         * @return how many points that minute holds with it, or 0 for a point of an older minute
         */
        int countInMinute(long timestamp) {
            long minute = Rollups.minuteOf(timestamp);
            // a series this writer has stored nothing of yet has MIN_VALUE for its minute, which every point passes
            long newest = Rollups.minuteOf(lastTimestamp);
            if (minute > newest) {
                pointsInNewestMinute = 0;
            } else if (minute < newest) {
                return 0;
            }
            return ++pointsInNewestMinute;
        }

        /** The sequence number for a point at {@code timestamp}: 0 unless this writer already used that millisecond. */
        int nextSeq(long timestamp) {
            if (timestamp == lastTimestamp) {
                return ++lastSeq;
            }
            if (timestamp > lastTimestamp) {
                lastTimestamp = timestamp;
                lastSeq = 0;
            }
            return 0;
        }

        /** The number of the batch's points of this series, and whether they came in time order. */
        int batchCount;
        boolean batchInTimeOrder = true;
        /** Where this series' points end in the batch's sorted order, once it is sorted. */
        int batchEnd;

        /** Counts the timestamp into the batch; true the first time the series appears in it. */
        boolean observe(long timestamp) {
            boolean first = batchCount == 0;
            if (timestamp < batchLast) {
                batchInTimeOrder = false;
            }
            batchFirst = Math.min(batchFirst, timestamp);
            batchLast = Math.max(batchLast, timestamp);
            batchCount++;
            return first;
        }

        /** Whether the batch moved first or last seen by enough to write it. */
        boolean seenChanged() {
            return batchFirst < storedFirst || batchLast - storedLast >= LAST_SEEN_RESOLUTION_MILLIS;
        }

        /** Takes the batch's range as stored; undone by forgetting the series if the transaction rolls back. */
        void seenStored() {
            storedFirst = Math.min(storedFirst, batchFirst);
            storedLast = Math.max(storedLast, batchLast);
        }

        void endBatch() {
            batchFirst = Long.MAX_VALUE;
            batchLast = Long.MIN_VALUE;
            batchCount = 0;
            batchInTimeOrder = true;
        }
    }

    private final Path file;
    private final Rollups rollups;
    private final RawMinutes rawMinutes;
    /**
     * Series by key, least recently used first: the series used longest ago is evicted, so series written every
     * batch stay. An access-order map reorders itself on {@code get}, so every access, lookups included, happens
     * under the write lock.
     */
    private final Map<SeriesKey, Series> cache;
    /** The same series by id, for retention. */
    private final Map<Long, Series> cacheById = new HashMap<>();
    /** The cutoff of the retention run under way, and the last series it has cleaned, or 0 for none yet. */
    private long retentionCutoff = Long.MIN_VALUE;
    private long retentionCursor;
    /** How many times retention has deleted from one series: a measure of its work, for tests. */
    private long retentionVisits;

    /**
     * @param file            the database file, for error messages
     * @param maxCachedSeries the most series kept in memory
     * @param rollups         the rollups, which every batch's points are merged into
     */
    MetricWriter(Path file, int maxCachedSeries, Rollups rollups) {
        this.file = file;
        this.rollups = rollups;
        this.rawMinutes = new RawMinutes(rollups);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<SeriesKey, Series> eldest) {
                if (size() > maxCachedSeries) {
                    cacheById.remove(eldest.getValue().id);
                    return true;
                }
                return false;
            }
        };
    }

    /** Describes every existing series of each metric, and remembers the description for series still to come. */
    void describe(WriteSession session, List<MetricDescription> descriptions) throws SQLException {
        session.executeBatch(UPDATE_SERIES_DESCRIPTIONS, descriptions, (update, description) -> {
            update.setString(1, description.type().storedName());
            update.setString(2, description.unit());
            update.setString(3, description.description());
            update.setString(4, description.name());
        });
        session.executeBatch(REMEMBER_DESCRIPTION, descriptions, (remember, description) -> {
            remember.setString(1, DESCRIPTION_KEY_PREFIX + description.name());
            remember.setString(2, description.type().storedName());
            remember.setString(3, description.unit());
            remember.setString(4, description.description());
        });
    }

    /**
     * Inserts the points in series and time order, creating the series they need, merges them into the
     * {@linkplain Rollups rollups} of every tier (but a tier's gap, left to the rollup step, and the minute tier's
     * {@linkplain RawMinutes raw minutes}, which the points stand for), then moves the first and last seen
     * timestamps of the series whose range the batch widened (last seen by at least
     * {@value #LAST_SEEN_RESOLUTION_MILLIS} ms). Points of one series and millisecond keep the order they came in.
     *
     * <p>The order is the table's key order: a transaction then descends each series' b-tree path once and appends
     * to its last page, rather than revisiting a page per series for every millisecond of the batch: over a
     * thousand series, sorted transactions were faster in every interleaved round measured (1.2 to 2.8 times,
     * raw). Sorting is the writer thread's work, never the recording caller's.
     *
     * @param touchedSeries receives the key of every series the batch wrote to, to be {@linkplain #forget
     *                      forgotten} if the transaction rolls back
     * @throws StoreException of kind REJECTED_DATA for a value that is not finite
     */
    void insert(WriteSession session, List<MetricPoint> points, List<SeriesKey> touchedSeries) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        List<Series> touched = new ArrayList<>();
        Series[] seriesOfPoint = new Series[points.size()];
        rawMinutes.checkOtherWriters(session);
        try {
            for (int i = 0; i < points.size(); i++) {
                MetricPoint point = points.get(i);
                Series series = series(session, point);
                if (series.observe(point.timestampMillis())) {
                    touched.add(series);
                    touchedSeries.add(series.key);
                }
                seriesOfPoint[i] = series;
            }
            int[] order = seriesAndTimeOrder(points, seriesOfPoint, touched);
            PreparedStatement insert = session.prepared(INSERT_POINT);
            long[] seriesIds = new long[order.length];
            long[] timestamps = new long[order.length];
            double[] values = new double[order.length];
            RawMinutes.Range[] ranges = new RawMinutes.Range[order.length];
            int[] pointsInMinute = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                MetricPoint point = points.get(order[i]);
                Series series = seriesOfPoint[order[i]];
                long timestamp = point.timestampMillis();
                pointsInMinute[i] = series.countInMinute(timestamp);
                bindPoint(insert, series.id, point, series.nextSeq(timestamp));
                insert.addBatch();
                seriesIds[i] = series.id;
                timestamps[i] = timestamp;
                values[i] = point.value();
                ranges[i] = series.rawMinutes;
            }
            int[] inserted = insert.executeBatch();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 0) {
                    insertAtFreeSeq(session, seriesOfPoint[order[i]], points.get(order[i]));
                }
            }
            // in the points' transaction: a crash keeps both or neither
            boolean[] minuteRows = rawMinutes.minuteRows(session, seriesIds, ranges, timestamps, pointsInMinute,
                    order.length);
            rollups.add(session, seriesIds, timestamps, values, minuteRows, order.length);
            updateSeen(session, touched);
        } finally {
            touched.forEach(Series::endBatch);
        }
    }

    /**
     * The indexes of the points ordered by series id, then timestamp, then arrival: a stable counting sort by
     * series, in time linear in the batch, then a stable sort by time of the series whose points came out of time
     * order (rare: explicit timestamps, or two threads that read the clock in one order and queued in the other).
     *
     * @param touched the batch's series, each once; sorted by id here
     */
    private static int[] seriesAndTimeOrder(List<MetricPoint> points, Series[] seriesOfPoint, List<Series> touched) {
        touched.sort(Comparator.comparingLong(series -> series.id));
        int start = 0;
        for (Series series : touched) {
            series.batchEnd = start;
            start += series.batchCount;
        }
        int[] order = new int[points.size()];
        for (int i = 0; i < order.length; i++) {
            order[seriesOfPoint[i].batchEnd++] = i;
        }
        for (Series series : touched) {
            if (!series.batchInTimeOrder) {
                sortByTime(order, series.batchEnd - series.batchCount, series.batchEnd, points);
            }
        }
        return order;
    }

    /** Sorts {@code order[from..to)} by the points' timestamps, keeping the order of equal ones. */
    private static void sortByTime(int[] order, int from, int to, List<MetricPoint> points) {
        Integer[] range = new Integer[to - from];
        for (int i = from; i < to; i++) {
            range[i - from] = order[i];
        }
        Arrays.sort(range, Comparator.comparingLong(index -> points.get(index).timestampMillis()));
        for (int i = from; i < to; i++) {
            order[i] = range[i - from];
        }
    }

    /** Stores a point whose key another writer took, at the next sequence number free in the file. */
    private void insertAtFreeSeq(WriteSession session, Series series, MetricPoint point) throws SQLException {
        PreparedStatement next = session.prepared(NEXT_FREE_SEQ);
        next.setLong(1, series.id);
        next.setLong(2, point.timestampMillis());
        int seq;
        try (ResultSet row = next.executeQuery()) {
            row.next();
            seq = row.getInt(1);
        }
        PreparedStatement insert = session.prepared(INSERT_POINT);
        bindPoint(insert, series.id, point, seq);
        insert.executeUpdate();
        if (point.timestampMillis() == series.lastTimestamp) {
            series.lastSeq = Math.max(series.lastSeq, seq);
        }
    }

    private void bindPoint(PreparedStatement insert, long seriesId, MetricPoint point, int seq) throws SQLException {
        insert.setLong(1, seriesId);
        insert.setLong(2, point.timestampMillis());
        insert.setInt(3, seq);
        insert.setDouble(4, finiteValue(point));
    }

    private static void updateSeen(WriteSession session, List<Series> touched) throws SQLException {
        List<Series> changed = touched.stream().filter(Series::seenChanged).toList();
        session.executeBatch(UPDATE_SEEN, changed, (update, series) -> {
            update.setLong(1, series.batchFirst);
            update.setLong(2, series.batchLast);
            update.setLong(3, series.id);
        });
        changed.forEach(Series::seenStored);
    }

    /**
     * Deletes at most {@code maxRows} points older than the cutoff, series by series in series-id order, each
     * series' oldest first: the table is clustered by series and time, so every delete is one contiguous range of
     * one series. A retention run calls this with the same cutoff chunk after chunk: each chunk resumes after the
     * last series the previous one cleaned, so a run visits each series once, however many chunks it takes.
     * After deleting, a series' {@code first_seen} moves up to its oldest point left (to the cutoff when none is
     * left), so that the next run visits only series that have points before its cutoff.
     *
     * <p>Points in their series' {@linkplain RawMinutes raw minutes} are rolled up into the minute tier before they
     * are deleted, as the tier would have taken them when they were written.
     *
     * <p>Old points written during a run to a series the run has passed are left to the next run.
     *
     * @return the points deleted; fewer than {@code maxRows} means none are left before the cutoff
     */
    long deleteOlderThan(WriteSession session, long cutoffMillis, int maxRows) throws SQLException {
        if (cutoffMillis != retentionCutoff) {
            retentionCutoff = cutoffMillis;
            retentionCursor = 0;
        }
        long minuteHorizon = Rollups.horizons(session.connection()).from()
                .getOrDefault(RollupTier.MINUTE, Long.MAX_VALUE);
        long deleted = 0;
        while (true) {
            List<Long> seriesIds = seriesWithOldPoints(session, retentionCursor, cutoffMillis);
            if (seriesIds.isEmpty()) {
                retentionCursor = 0;
                return deleted;
            }
            for (long seriesId : seriesIds) {
                long budget = maxRows - deleted;
                long removed = deleteOldPoints(session, seriesId, cutoffMillis, budget, minuteHorizon);
                retentionVisits++;
                deleted += removed;
                moveFirstSeen(session, seriesId, cutoffMillis);
                if (removed == budget) {
                    // The series may have more old points: the next chunk starts with it again.
                    retentionCursor = seriesId - 1;
                    return deleted;
                }
                retentionCursor = seriesId;
            }
        }
    }

    /**
     * Undoes the progress of a retention chunk whose transaction rolled back.
     *
     * @param cursor the cursor as it was before the chunk
     */
    void retentionRolledBack(long cursor) {
        retentionCursor = cursor;
        // The first_seen moves were rolled back too, and the cache may hold some of them: it starts over.
        cache.clear();
        cacheById.clear();
        rawMinutes.rolledBack();
    }

    /** Whether {@link #rollUpWhileIdle} has work; under the write lock. */
    boolean hasIdleWork() {
        return rawMinutes.hasIdleWork();
    }

    /**
     * One step of idle time, in its own transaction: rolls up raw minutes that hold several points a minute
     * ({@link RawMinutes#rollUpWhileIdle}).
     *
     * @return whether work is left
     */
    boolean rollUpWhileIdle(WriteConnection writer, Runnable afterCommit) {
        return writer.inTransaction("roll-up of raw minutes while idle", rawMinutes::rollUpWhileIdle,
                rawMinutes::rolledBack, () -> {
                    rawMinutes.idleStepCommitted();
                    afterCommit.run();
                });
    }

    /** Where the retention run under way stands: the last series it cleaned, or 0. */
    long retentionCursor() {
        return retentionCursor;
    }

    /** How many times retention has deleted from one series, since the store opened. */
    long retentionVisits() {
        return retentionVisits;
    }

    private static List<Long> seriesWithOldPoints(WriteSession session, long afterSeriesId, long cutoffMillis)
            throws SQLException {
        List<Long> seriesIds = new ArrayList<>();
        PreparedStatement candidates = session.prepared(SERIES_WITH_OLD_POINTS);
        candidates.setLong(1, afterSeriesId);
        candidates.setLong(2, cutoffMillis);
        try (ResultSet rows = candidates.executeQuery()) {
            while (rows.next()) {
                seriesIds.add(rows.getLong(1));
            }
        }
        return seriesIds;
    }

    /** Moves first_seen up to the series' oldest point left, or to the cutoff, in the file and in the cache. */
    private void moveFirstSeen(WriteSession session, long seriesId, long cutoffMillis) throws SQLException {
        PreparedStatement move = session.prepared(MOVE_FIRST_SEEN);
        move.setLong(1, seriesId);
        move.setLong(2, cutoffMillis);
        move.setLong(3, seriesId);
        try (ResultSet row = move.executeQuery()) {
            Series cached = cacheById.get(seriesId);
            if (row.next() && cached != null) {
                cached.storedFirst = row.getLong(1);
            }
        }
    }

    /**
     * Deletes at most {@code budget} of one series' points older than the cutoff, oldest first, once the raw minutes
     * of those it deletes are rolled up.
     */
    private long deleteOldPoints(WriteSession session, long seriesId, long cutoffMillis, long budget,
                                 long minuteHorizon) throws SQLException {
        PreparedStatement last = session.prepared(OLD_POINT_AT_OFFSET);
        last.setLong(1, seriesId);
        last.setLong(2, cutoffMillis);
        last.setLong(3, budget - 1);
        PreparedStatement delete;
        long rolledUpUntil;
        try (ResultSet row = last.executeQuery()) {
            if (row.next()) {
                delete = session.prepared(DELETE_OLD_POINTS_UP_TO);
                delete.setLong(2, row.getLong(1));
                delete.setLong(3, row.getLong(2));
                rolledUpUntil = Rollups.minuteOf(row.getLong(1)) + RollupTier.MINUTE.bucketMillis();
            } else {
                delete = session.prepared(DELETE_OLD_POINTS);
                delete.setLong(2, cutoffMillis);
                rolledUpUntil = Rollups.minuteOf(cutoffMillis - 1) + RollupTier.MINUTE.bucketMillis();
            }
        }
        Series cached = cacheById.get(seriesId);
        rawMinutes.startAt(session, seriesId, cached == null ? null : cached.rawMinutes, rolledUpUntil,
                minuteHorizon);
        delete.setLong(1, seriesId);
        return delete.executeUpdate();
    }

    /**
     * Drops the cached state of series a rolled-back batch wrote to: a series it created does not exist (and
     * SQLite may reuse its id), and the first and last seen it stored were undone.
     */
    void forget(List<SeriesKey> touchedSeries) {
        for (SeriesKey key : touchedSeries) {
            Series series = cache.remove(key);
            if (series != null) {
                cacheById.remove(series.id);
            }
        }
        // the ranges noted for idle time may hold an end the batch moved
        rawMinutes.rolledBack();
    }

    /** Whether the series is in memory, for tests; does not count as a use. */
    boolean caches(SeriesKey key) {
        return cache.containsKey(key);
    }

    /** The number of series in memory. */
    int cachedSeries() {
        return cache.size();
    }

    /** Core rejects NaN and infinities before they are queued; this guard keeps a NaN from becoming a NULL. */
    private double finiteValue(MetricPoint point) {
        if (!Double.isFinite(point.value())) {
            throw new StoreException(StoreException.Kind.REJECTED_DATA, "metric point " + point.name() + " "
                    + point.labels() + " has the value " + point.value() + "; " + file
                    + " stores finite values only", null);
        }
        return point.value();
    }

    private Series series(WriteSession session, MetricPoint point) throws SQLException {
        SeriesKey key = new SeriesKey(point.name(), point.labels());
        Series series = cache.get(key);
        if (series == null) {
            series = findSeries(session, key);
            if (series == null) {
                series = createSeries(session, key, point);
            }
            cache.put(key, series);
            cacheById.put(series.id, series);
        }
        return series;
    }

    private @Nullable Series findSeries(WriteSession session, SeriesKey key) throws SQLException {
        PreparedStatement find = session.prepared(FIND_SERIES);
        find.setString(1, key.name());
        find.setString(2, key.labels().toJson());
        try (ResultSet row = find.executeQuery()) {
            return row.next()
                    ? new Series(key, row.getLong(1), rawMinutes.read(row.getLong(1), row, 4), row.getLong(2),
                    row.getLong(3)) : null;
        }
    }

    /** Creates the series, described as its metric was, or as a gauge in the point's unit. */
    private Series createSeries(WriteSession session, SeriesKey key, MetricPoint point) throws SQLException {
        String type = MetricType.GAUGE.storedName();
        String unit = point.unit();
        String description = null;
        PreparedStatement findDescription = session.prepared(FIND_DESCRIPTION);
        findDescription.setString(1, DESCRIPTION_KEY_PREFIX + key.name());
        try (ResultSet row = findDescription.executeQuery()) {
            if (row.next()) {
                type = row.getString(1);
                unit = row.getString(2) != null ? row.getString(2) : unit;
                description = row.getString(3);
            }
        }
        PreparedStatement create = session.prepared(CREATE_SERIES);
        create.setString(1, key.name());
        create.setString(2, key.labels().toJson());
        create.setString(3, type);
        create.setString(4, unit);
        create.setString(5, description);
        create.setLong(6, point.timestampMillis());
        create.setLong(7, point.timestampMillis());
        create.setLong(8, Rollups.minuteOf(point.timestampMillis()));
        try (ResultSet row = create.executeQuery()) {
            row.next();
            return new Series(key, row.getLong(1), rawMinutes.read(row.getLong(1), row, 2), point.timestampMillis(),
                    point.timestampMillis());
        }
    }
}
