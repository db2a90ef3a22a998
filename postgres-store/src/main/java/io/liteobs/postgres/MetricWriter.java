package io.liteobs.postgres;

import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.MetricType;
import io.liteobs.spi.StoreException;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Writes metric points and descriptions. A series (metric name, label set and source) is stored once, as a row of
 * {@code metrics_metadata}; each point stores only its timestamp, value, series id and a sequence number. Series are
 * looked up through a bounded in-memory cache, which also remembers, per series, the last timestamp and sequence
 * number written and the first and last seen times stored, so that most points cost one line of the COPY and nothing
 * else. A batch's points go in one COPY ({@link #COPY_POINTS}), whatever their number.
 *
 * <p>Several processes may create the same series at once (instances sharing a name): a series is created with
 * {@code ON CONFLICT DO NOTHING} and read back when another transaction made it first, and the series a batch
 * creates are created in key order, so that two such transactions never wait for each other in a cycle.
 *
 * <p>Used only under the store's write lock, which guards the cache.
 */
final class MetricWriter {

    /** The most series a store keeps in memory; the least recently used makes room for a new one. */
    static final int MAX_CACHED_SERIES = 100_000;

    /**
     * How stale {@code metrics_metadata.last_seen} may be, in milliseconds: an update per series per batch would
     * cost more than the points.
     */
    static final long LAST_SEEN_RESOLUTION_MILLIS = 1_000;

    /** The {@code _observability_metadata} key prefix under which a metric's description is remembered. */
    private static final String DESCRIPTION_KEY_PREFIX = "metric_description:";

    /**
     * Every point of a batch in one COPY: measured the fastest way in, against an insert of arrays and a JDBC batch
     * with {@code reWriteBatchedInserts} (docs/postgres-store.md). Points need no ON CONFLICT, which COPY lacks.
     */
    static final String COPY_POINTS = "COPY metrics_timeseries (timestamp, value, series_id, seq) FROM STDIN";

    private static final String UPDATE_SERIES_DESCRIPTIONS =
            "UPDATE metrics_metadata SET type = ?, unit = coalesce(?, unit), description = ? WHERE name = ?";
    private static final String REMEMBER_DESCRIPTION = """
            INSERT INTO _observability_metadata (key, value)
            VALUES (?, json_build_object('type', ?::text, 'unit', ?::text, 'description', ?::text)::text)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value""";
    private static final String FIND_DESCRIPTION = """
            SELECT value::json ->> 'type', value::json ->> 'unit', value::json ->> 'description'
            FROM _observability_metadata WHERE key = ?""";
    private static final String FIND_SERIES = "SELECT series_id, first_seen, last_seen FROM metrics_metadata"
            + " WHERE name = ? AND labels = ? AND source_id = ?";
    private static final String CREATE_SERIES = """
            INSERT INTO metrics_metadata (source_id, name, labels, type, unit, description, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name, labels, source_id) DO NOTHING
            RETURNING series_id""";
    private static final String UPDATE_SEEN = """
            UPDATE metrics_metadata m
            SET first_seen = least(m.first_seen, seen.first), last_seen = greatest(m.last_seen, seen.last)
            FROM unnest(?::int4[], ?::int8[], ?::int8[]) AS seen (series_id, first, last)
            WHERE m.series_id = seen.series_id""";

    /** What identifies a series within one source. */
    record SeriesKey(String name, Labels labels) {
    }

    private static final Comparator<SeriesKey> KEY_ORDER = Comparator.comparing(SeriesKey::name)
            .thenComparing(key -> key.labels().toJson());

    /** A series as this writer knows it. */
    private static final class Series {
        final SeriesKey key;
        final int id;
        /** first_seen and last_seen as stored. */
        long storedFirst;
        long storedLast;
        /** The newest timestamp this writer stored, and the highest sequence number it used at that timestamp. */
        long lastTimestamp = Long.MIN_VALUE;
        int lastSeq;
        /** The oldest and newest timestamps of the current batch. */
        long batchFirst = Long.MAX_VALUE;
        long batchLast = Long.MIN_VALUE;

        Series(SeriesKey key, int id, long storedFirst, long storedLast) {
            this.key = key;
            this.id = id;
            this.storedFirst = storedFirst;
            this.storedLast = storedLast;
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

        /** Counts the timestamp into the batch; true the first time the series appears in it. */
        boolean observe(long timestamp) {
            boolean first = batchFirst == Long.MAX_VALUE;
            batchFirst = Math.min(batchFirst, timestamp);
            batchLast = Math.max(batchLast, timestamp);
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
        }
    }

    private final String database;
    private final int sourceId;
    /** Series by key, least recently used first, so that series written every batch stay. */
    private final Map<SeriesKey, Series> cache;
    /** The same series by id, for retention. */
    private final Map<Integer, Series> cacheById = new HashMap<>();

    /**
     * @param database        the database, for error messages
     * @param sourceId        the source whose series this writer writes
     * @param maxCachedSeries the most series kept in memory
     */
    MetricWriter(String database, int sourceId, int maxCachedSeries) {
        this.database = database;
        this.sourceId = sourceId;
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

    /**
     * Describes every existing series of each metric (of every source), and remembers the description for series
     * still to come.
     */
    static void describe(Connection connection, List<MetricDescription> descriptions) throws SQLException {
        if (descriptions.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_SERIES_DESCRIPTIONS);
             PreparedStatement remember = connection.prepareStatement(REMEMBER_DESCRIPTION)) {
            for (MetricDescription description : descriptions) {
                update.setString(1, description.type().storedName());
                update.setString(2, description.unit());
                update.setString(3, description.description());
                update.setString(4, description.name());
                update.addBatch();
                remember.setString(1, DESCRIPTION_KEY_PREFIX + description.name());
                remember.setString(2, description.type().storedName());
                remember.setString(3, description.unit());
                remember.setString(4, description.description());
                remember.addBatch();
            }
            update.executeBatch();
            remember.executeBatch();
        }
    }

    /**
     * Inserts the points, creating the series they need, then moves the first and last seen timestamps of the
     * series whose range the batch widened (last seen by at least {@value #LAST_SEEN_RESOLUTION_MILLIS} ms).
     *
     * @param touchedSeries receives the key of every series the batch wrote to, to be {@linkplain #forget
     *                      forgotten} if the transaction rolls back
     * @throws StoreException of kind REJECTED_DATA for a value that is not finite
     */
    void insert(Connection connection, List<MetricPoint> points, List<SeriesKey> touchedSeries) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        for (MetricPoint point : points) {
            finiteValue(point);
        }
        createMissingSeries(connection, points, touchedSeries);
        int size = points.size();
        long[] timestamps = new long[size];
        double[] values = new double[size];
        int[] seriesIds = new int[size];
        int[] seqs = new int[size];
        List<Series> touched = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                MetricPoint point = points.get(i);
                Series series = cache.get(new SeriesKey(point.name(), point.labels()));
                if (series == null) {
                    throw new IllegalStateException("series of " + point.name() + " not created");
                }
                if (series.observe(point.timestampMillis())) {
                    touched.add(series);
                    touchedSeries.add(series.key);
                }
                timestamps[i] = point.timestampMillis();
                values[i] = point.value();
                seriesIds[i] = series.id;
                seqs[i] = series.nextSeq(point.timestampMillis());
            }
            copyPoints(connection, timestamps, values, seriesIds, seqs);
            updateSeen(connection, touched);
        } finally {
            touched.forEach(Series::endBatch);
        }
    }

    /**
     * Sends the points in COPY's text format: one line per point, tab-separated, numbers only. A finite double's
     * {@link Double#toString} (such as {@code 1.0E-5}) reads back as the same double.
     */
    private static void copyPoints(Connection connection, long[] timestamps, double[] values, int[] seriesIds,
            int[] seqs) throws SQLException {
        StringBuilder rows = new StringBuilder(timestamps.length * 40);
        for (int i = 0; i < timestamps.length; i++) {
            rows.append(timestamps[i]).append('\t').append(values[i]).append('\t').append(seriesIds[i]).append('\t')
                    .append(seqs[i]).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_POINTS, new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of " + timestamps.length + " points failed: " + e.getMessage(), "08006", e);
        }
    }

    /** Finds or creates, in key order, every series of the batch that the cache does not hold. */
    private void createMissingSeries(Connection connection, List<MetricPoint> points, List<SeriesKey> touchedSeries)
            throws SQLException {
        // The first point of each missing series, by key in creation order.
        Map<SeriesKey, MetricPoint> missing = new TreeMap<>(KEY_ORDER);
        for (MetricPoint point : points) {
            SeriesKey key = new SeriesKey(point.name(), point.labels());
            if (!cache.containsKey(key)) {
                missing.putIfAbsent(key, point);
            }
        }
        for (Map.Entry<SeriesKey, MetricPoint> entry : missing.entrySet()) {
            SeriesKey key = entry.getKey();
            MetricPoint first = entry.getValue();
            Series series = findSeries(connection, key);
            if (series == null) {
                series = createSeries(connection, key, first);
            }
            // Remembered before the batch commits: a rollback forgets every key the batch touched.
            touchedSeries.add(key);
            cache.put(key, series);
            cacheById.put(series.id, series);
        }
    }

    private static void updateSeen(Connection connection, List<Series> touched) throws SQLException {
        List<Series> changed = touched.stream().filter(Series::seenChanged)
                .sorted(Comparator.comparingInt(series -> series.id)).toList();
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_SEEN)) {
            update.setObject(1, changed.stream().mapToInt(series -> series.id).toArray());
            update.setObject(2, changed.stream().mapToLong(series -> series.batchFirst).toArray());
            update.setObject(3, changed.stream().mapToLong(series -> series.batchLast).toArray());
            update.executeUpdate();
        }
        changed.forEach(Series::seenStored);
    }

    /** Forgets the series of a batch whose transaction rolled back: what the cache says of them may not be stored. */
    void forget(List<SeriesKey> touchedSeries) {
        for (SeriesKey key : touchedSeries) {
            Series series = cache.remove(key);
            if (series != null) {
                cacheById.remove(series.id);
            }
        }
    }

    /** Forgets series by id, whose stored first seen retention has moved. */
    void forgetIds(List<Integer> seriesIds) {
        for (int id : seriesIds) {
            Series series = cacheById.remove(id);
            if (series != null) {
                cache.remove(series.key);
            }
        }
    }

    /** The number of series in memory. */
    int cachedSeries() {
        return cache.size();
    }

    /** Core rejects NaN and infinities before they are queued; PostgreSQL would store them, so this guard refuses. */
    private void finiteValue(MetricPoint point) {
        if (!Double.isFinite(point.value())) {
            throw new StoreException(StoreException.Kind.REJECTED_DATA, "metric point " + point.name() + " "
                    + point.labels() + " has the value " + point.value() + "; " + database
                    + " stores finite values only", null);
        }
    }

    private @Nullable Series findSeries(Connection connection, SeriesKey key) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(FIND_SERIES)) {
            find.setString(1, key.name());
            find.setString(2, key.labels().toJson());
            find.setInt(3, sourceId);
            try (ResultSet row = find.executeQuery()) {
                return row.next() ? new Series(key, row.getInt(1), row.getLong(2), row.getLong(3)) : null;
            }
        }
    }

    /**
     * Creates the series, described as its metric was, or as a gauge in the point's unit; when another transaction
     * created it meanwhile, reads that one.
     */
    private Series createSeries(Connection connection, SeriesKey key, MetricPoint point) throws SQLException {
        String type = MetricType.GAUGE.storedName();
        String unit = point.unit();
        String description = null;
        try (PreparedStatement findDescription = connection.prepareStatement(FIND_DESCRIPTION)) {
            findDescription.setString(1, DESCRIPTION_KEY_PREFIX + key.name());
            try (ResultSet row = findDescription.executeQuery()) {
                if (row.next()) {
                    type = row.getString(1);
                    unit = row.getString(2) != null ? row.getString(2) : unit;
                    description = row.getString(3);
                }
            }
        }
        try (PreparedStatement create = connection.prepareStatement(CREATE_SERIES)) {
            create.setInt(1, sourceId);
            create.setString(2, key.name());
            create.setString(3, key.labels().toJson());
            create.setString(4, type);
            create.setString(5, unit);
            create.setString(6, description);
            create.setLong(7, point.timestampMillis());
            create.setLong(8, point.timestampMillis());
            try (ResultSet row = create.executeQuery()) {
                if (row.next()) {
                    return new Series(key, row.getInt(1), point.timestampMillis(), point.timestampMillis());
                }
            }
        }
        Series madeByAnother = findSeries(connection, key);
        if (madeByAnother == null) {
            throw new SQLException("series " + key.name() + " " + key.labels() + " neither created nor found",
                    "40001");
        }
        return madeByAnother;
    }
}
