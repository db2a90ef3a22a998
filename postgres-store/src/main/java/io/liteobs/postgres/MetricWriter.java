package io.liteobs.postgres;

import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.MetricType;
import io.liteobs.spi.StoreException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

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
     * Every point of a batch in one binary COPY: measured the fastest way in, against a text COPY, an insert of arrays
     * and a JDBC batch with {@code reWriteBatchedInserts} (docs/postgres-store.md). Points need no ON CONFLICT, which
     * COPY lacks.
     */
    static final String COPY_POINTS = "COPY metrics_timeseries (timestamp, value, series_id, seq) FROM STDIN"
            + " (FORMAT binary)";
    /** The signature, flags and header extension length that open a binary COPY. */
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** A point in the binary format: the field count, then each field's length and bytes. */
    private static final int BINARY_ROW_BYTES = 2 + 4 + Long.BYTES + 4 + Double.BYTES + 4 + Integer.BYTES + 4
            + Integer.BYTES;

    private static final String UPDATE_SERIES_DESCRIPTIONS =
            "UPDATE metrics_metadata SET type = ?, unit = coalesce(?, unit), description = ? WHERE name = ?";
    private static final String REMEMBER_DESCRIPTION = """
            INSERT INTO _observability_metadata (key, value)
            VALUES (?, json_build_object('type', ?::text, 'unit', ?::text, 'description', ?::text)::text)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value""";
    /** The remembered descriptions of the metrics named, by their keys. */
    private static final String FIND_DESCRIPTIONS = """
            SELECT key, value::json ->> 'type', value::json ->> 'unit', value::json ->> 'description'
            FROM _observability_metadata WHERE key = ANY(?)""";
    /** The source's series of the keys given as two arrays, names and label JSON. */
    private static final String FIND_SERIES = """
            SELECT m.series_id, m.name, m.labels, m.first_seen, m.last_seen
            FROM unnest(?::text[], ?::text[]) AS wanted (name, labels)
            JOIN metrics_metadata m ON m.name = wanted.name AND m.labels = wanted.labels AND m.source_id = ?""";
    /** Creates series in the order given, skipping those another transaction made meanwhile. */
    private static final String CREATE_SERIES = """
            INSERT INTO metrics_metadata (source_id, name, labels, type, unit, description, first_seen, last_seen)
            SELECT ?, name, labels, type, unit, description, seen, seen
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[]) WITH ORDINALITY
                AS created (name, labels, type, unit, description, seen, position)
            ORDER BY position
            ON CONFLICT (name, labels, source_id) DO NOTHING
            RETURNING series_id, name, labels, first_seen, last_seen""";
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
     * Sends the points in COPY's binary format: per point, four fields of fixed size in network byte order, which
     * the server stores without parsing a number (the text format costs a {@link Double#toString} here and a parse
     * there per value, measured in docs/performance.md). The values arrive bit for bit.
     */
    private static void copyPoints(Connection connection, long[] timestamps, double[] values, int[] seriesIds,
            int[] seqs) throws SQLException {
        ByteBuffer rows = ByteBuffer.allocate(BINARY_HEADER.length + timestamps.length * BINARY_ROW_BYTES + 2);
        rows.put(BINARY_HEADER);
        for (int i = 0; i < timestamps.length; i++) {
            rows.putShort((short) 4)
                    .putInt(Long.BYTES).putLong(timestamps[i])
                    .putInt(Double.BYTES).putDouble(values[i])
                    .putInt(Integer.BYTES).putInt(seriesIds[i])
                    .putInt(Integer.BYTES).putInt(seqs[i]);
        }
        rows.putShort((short) -1);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_POINTS);
        try {
            copy.writeToCopy(rows.array(), 0, rows.position());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * Finds or creates every series of the batch that the cache does not hold, in a few statements whatever their
     * number: one finds those stored, one reads the descriptions of their metrics, one creates the rest in key
     * order, and one more finds those another transaction created meanwhile.
     */
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
        if (missing.isEmpty()) {
            return;
        }
        Map<SeriesKey, Series> found = findSeries(connection, missing.keySet());
        Map<SeriesKey, MetricPoint> toCreate = new TreeMap<>(KEY_ORDER);
        missing.forEach((key, first) -> {
            if (!found.containsKey(key)) {
                toCreate.put(key, first);
            }
        });
        if (!toCreate.isEmpty()) {
            found.putAll(createSeries(connection, toCreate));
            List<SeriesKey> madeByAnother = toCreate.keySet().stream().filter(key -> !found.containsKey(key))
                    .toList();
            if (!madeByAnother.isEmpty()) {
                found.putAll(findSeries(connection, madeByAnother));
            }
        }
        for (SeriesKey key : missing.keySet()) {
            Series series = found.get(key);
            if (series == null) {
                throw new SQLException("series " + key.name() + " " + key.labels() + " neither created nor found",
                        "40001");
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

    /** The source's stored series among the keys. */
    private Map<SeriesKey, Series> findSeries(Connection connection, Collection<SeriesKey> keys) throws SQLException {
        Map<List<String>, SeriesKey> byStoredKey = new HashMap<>();
        keys.forEach(key -> byStoredKey.put(List.of(key.name(), key.labels().toJson()), key));
        Map<SeriesKey, Series> found = new HashMap<>();
        try (PreparedStatement find = connection.prepareStatement(FIND_SERIES)) {
            find.setObject(1, byStoredKey.keySet().stream().map(stored -> stored.get(0)).toArray(String[]::new));
            find.setObject(2, byStoredKey.keySet().stream().map(stored -> stored.get(1)).toArray(String[]::new));
            find.setInt(3, sourceId);
            readSeries(find, byStoredKey, found);
        }
        return found;
    }

    /**
     * Creates the series, in key order, each described as its metric was, or as a gauge in its first point's unit;
     * returns those created, without those another transaction created meanwhile.
     */
    private Map<SeriesKey, Series> createSeries(Connection connection, Map<SeriesKey, MetricPoint> firstPoints)
            throws SQLException {
        Map<String, String[]> descriptions = findDescriptions(connection, firstPoints.keySet());
        int size = firstPoints.size();
        String[] names = new String[size];
        String[] labels = new String[size];
        String[] types = new String[size];
        String[] units = new String[size];
        String[] texts = new String[size];
        long[] seen = new long[size];
        Map<List<String>, SeriesKey> byStoredKey = new HashMap<>();
        int i = 0;
        for (Map.Entry<SeriesKey, MetricPoint> entry : firstPoints.entrySet()) {
            SeriesKey key = entry.getKey();
            String[] description = descriptions.get(key.name());
            names[i] = key.name();
            labels[i] = key.labels().toJson();
            types[i] = description == null ? MetricType.GAUGE.storedName() : description[0];
            units[i] = description == null || description[1] == null ? entry.getValue().unit() : description[1];
            texts[i] = description == null ? null : description[2];
            seen[i] = entry.getValue().timestampMillis();
            byStoredKey.put(List.of(names[i], labels[i]), key);
            i++;
        }
        Map<SeriesKey, Series> created = new HashMap<>();
        try (PreparedStatement create = connection.prepareStatement(CREATE_SERIES)) {
            create.setInt(1, sourceId);
            create.setObject(2, names);
            create.setObject(3, labels);
            create.setObject(4, types);
            create.setObject(5, units);
            create.setObject(6, texts);
            create.setObject(7, seen);
            readSeries(create, byStoredKey, created);
        }
        return created;
    }

    /** Type, unit and description remembered for each metric of the keys that has them, by metric name. */
    private static Map<String, String[]> findDescriptions(Connection connection, Collection<SeriesKey> keys)
            throws SQLException {
        Map<String, String[]> descriptions = new HashMap<>();
        try (PreparedStatement find = connection.prepareStatement(FIND_DESCRIPTIONS)) {
            find.setObject(1, keys.stream().map(key -> DESCRIPTION_KEY_PREFIX + key.name()).distinct()
                    .toArray(String[]::new));
            try (ResultSet row = find.executeQuery()) {
                while (row.next()) {
                    descriptions.put(row.getString(1).substring(DESCRIPTION_KEY_PREFIX.length()),
                            new String[] {row.getString(2), row.getString(3), row.getString(4)});
                }
            }
        }
        return descriptions;
    }

    /** Reads rows of series id, name, labels, first and last seen into series of the keys they stand for. */
    private static void readSeries(PreparedStatement statement, Map<List<String>, SeriesKey> byStoredKey,
            Map<SeriesKey, Series> into) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                SeriesKey key = byStoredKey.get(List.of(row.getString(2), row.getString(3)));
                if (key != null) {
                    into.put(key, new Series(key, row.getInt(1), row.getLong(4), row.getLong(5)));
                }
            }
        }
    }
}
