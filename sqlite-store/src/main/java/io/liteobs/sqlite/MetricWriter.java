package io.liteobs.sqlite;

import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.MetricType;
import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes metric points and descriptions. A series (metric name and label set) is stored once, as a row of
 * {@code metrics_metadata}; each point stores only its series id, timestamp and value. Series ids are looked up
 * through a bounded in-memory cache. Descriptions are kept in {@code _observability_metadata} as well, so that a
 * series created later, even after a restart or by another process, is described from its first point.
 *
 * <p>Used only under the write lock, which guards the cache.
 */
final class MetricWriter {

    /** The most series ids a store keeps in memory; the oldest entry makes room for a new one. */
    static final int MAX_CACHED_SERIES = 100_000;

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
    private static final String FIND_SERIES = "SELECT series_id FROM metrics_metadata WHERE name = ? AND labels = ?";
    private static final String CREATE_SERIES = """
            INSERT INTO metrics_metadata (name, labels, type, unit, description, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            RETURNING series_id""";
    private static final String INSERT_POINT =
            "INSERT INTO metrics_timeseries (series_id, timestamp, value) VALUES (?, ?, ?)";
    private static final String UPDATE_SEEN =
            "UPDATE metrics_metadata SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?)"
                    + " WHERE series_id = ?";

    /** What identifies a series. */
    record SeriesKey(String name, Labels labels) {
    }

    /** The oldest and newest timestamps a batch wrote for one series. */
    private record Seen(long first, long last) {
        Seen union(Seen other) {
            return new Seen(Math.min(first, other.first), Math.max(last, other.last));
        }
    }

    private final Path file;
    /** Series ids by key, in insertion order: the oldest is evicted first. */
    private final Map<SeriesKey, Long> seriesIds;

    /**
     * @param file            the database file, for error messages
     * @param maxCachedSeries the most series ids kept in memory
     */
    MetricWriter(Path file, int maxCachedSeries) {
        this.file = file;
        this.seriesIds = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<SeriesKey, Long> eldest) {
                return size() > maxCachedSeries;
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
     * Inserts the points, creating the series they need, then moves each touched series' first and last seen
     * timestamps once.
     *
     * @param createdSeries receives the key of every series created, to be {@linkplain #forget forgotten} if the
     *                      transaction rolls back
     * @throws StoreException of kind REJECTED_DATA for a value that is not finite
     */
    void insert(WriteSession session, List<MetricPoint> points, List<SeriesKey> createdSeries) throws SQLException {
        Map<Long, Seen> seen = new HashMap<>();
        session.executeBatch(INSERT_POINT, points, (insert, point) -> {
            long seriesId = seriesId(session, point, createdSeries);
            seen.merge(seriesId, new Seen(point.timestampMillis(), point.timestampMillis()), Seen::union);
            insert.setLong(1, seriesId);
            insert.setLong(2, point.timestampMillis());
            insert.setDouble(3, finiteValue(point));
        });
        session.executeBatch(UPDATE_SEEN, seen.entrySet(), (update, series) -> {
            update.setLong(1, series.getValue().first());
            update.setLong(2, series.getValue().last());
            update.setLong(3, series.getKey());
        });
    }

    /** Drops cached ids of series whose creation was rolled back: they do not exist, and SQLite may reuse them. */
    void forget(List<SeriesKey> createdSeries) {
        createdSeries.forEach(seriesIds::remove);
    }

    /** The number of series ids in memory. */
    int cachedSeries() {
        return seriesIds.size();
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

    private long seriesId(WriteSession session, MetricPoint point, List<SeriesKey> createdSeries)
            throws SQLException {
        SeriesKey key = new SeriesKey(point.name(), point.labels());
        Long cached = seriesIds.get(key);
        if (cached != null) {
            return cached;
        }
        Long stored = findSeries(session, key);
        long seriesId;
        if (stored != null) {
            seriesId = stored;
        } else {
            seriesId = createSeries(session, key, point);
            createdSeries.add(key);
        }
        seriesIds.put(key, seriesId);
        return seriesId;
    }

    private static Long findSeries(WriteSession session, SeriesKey key) throws SQLException {
        PreparedStatement find = session.prepared(FIND_SERIES);
        find.setString(1, key.name());
        find.setString(2, key.labels().toJson());
        try (ResultSet row = find.executeQuery()) {
            return row.next() ? row.getLong(1) : null;
        }
    }

    /** Creates the series, described as its metric was, or as a gauge in the point's unit. */
    private static long createSeries(WriteSession session, SeriesKey key, MetricPoint point) throws SQLException {
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
        try (ResultSet row = create.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
