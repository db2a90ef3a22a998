package io.liteobs.sqlite;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.SeriesPoint;
import io.liteobs.SeriesSelector;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads metrics: raw points, downsampled series and series metadata. */
final class MetricQueries {

    /** Points joined to their series, so that one query filters on the metric name and labels. */
    private static final String POINTS_OF_SERIES =
            " FROM metrics_timeseries t JOIN metrics_metadata m ON m.series_id = t.series_id";

    /** Series joined to their points, the series first: a window query walks each series' points in turn. */
    private static final String SERIES_WITH_POINTS =
            " FROM metrics_metadata m JOIN metrics_timeseries t ON t.series_id = m.series_id";

    /**
     * A point's bucket: its timestamp rounded down to a multiple of the step, with the step bound three times.
     * Written so that SQLite's integer remainder, negative before 1970, rounds down too.
     */
    private static final String BUCKET_START = "t.timestamp - ((t.timestamp % ?) + ?) % ?";

    private MetricQueries() {
    }

    static List<MetricPoint> findPoints(Connection connection, MetricQuery query) throws SQLException {
        Map<String, Labels> labelsByJson = new HashMap<>();
        return restrictedTo(new Select("SELECT m.labels, m.unit, t.timestamp, t.value" + POINTS_OF_SERIES),
                query.series())
                .append("ORDER BY t.timestamp, t.series_id, t.seq LIMIT ?", query.limit())
                .list(connection, row -> new MetricPoint(query.series().name(), row.getDouble("value"),
                        row.getString("unit"), labelsByJson.computeIfAbsent(row.getString("labels"), Labels::fromJson),
                        row.getLong("timestamp")));
    }

    /**
     * Aggregates in SQL, one row per non-empty bucket: from the rollups where they hold whole buckets of a tier that
     * divides the step ({@link RollupQueries}), from raw points elsewhere ({@link #downsampleRaw}). Buckets start on
     * multiples of the step since the epoch, as in Prometheus and Grafana, so two ranges over one series share their
     * buckets.
     */
    static List<SeriesPoint> downsample(Connection connection, StoredSchema schema, DownsampleQuery query)
            throws SQLException {
        List<RollupQueries.Part> parts = RollupQueries.plan(Rollups.horizons(connection), query);
        if (parts.size() > 1 || parts.get(0).tier() != null) {
            return RollupQueries.downsample(connection, schema, query, parts);
        }
        return downsampleRaw(connection, query);
    }

    /**
     * Aggregates the raw points in SQL, one row per non-empty bucket, whatever rollups the file holds. LAST and the
     * percentiles pick one point of the bucket by its position in a window instead of aggregating.
     */
    static List<SeriesPoint> downsampleRaw(Connection connection, DownsampleQuery query) throws SQLException {
        long step = query.stepMillis();
        Aggregation aggregation = query.aggregation();
        Select select;
        if (aggregation == Aggregation.LAST) {
            // The bucket's last point in the order findPoints returns them: by timestamp, then series id, then
            // sequence number, so that points sharing a millisecond, in one series or across series, give one answer.
            select = pickedByPosition(query, "t.timestamp DESC, t.series_id DESC, t.seq DESC", "1");
        } else if (aggregation.isPercentile()) {
            // The nearest rank, ceil(percent * samples / 100), as Aggregation.nearestRank computes it; the percent
            // is the enum's own integer, never caller text.
            select = pickedByPosition(query, "t.value",
                    "(" + aggregation.percent() + " * samples + 99) / 100");
        } else {
            select = restrictedTo(new Select("SELECT " + BUCKET_START + " AS bucket, count(*) AS samples, "
                            + aggregate(aggregation, step) + " AS value" + POINTS_OF_SERIES, step, step, step),
                    query.series())
                    .append("GROUP BY bucket ORDER BY bucket");
        }
        return select.list(connection, row -> new SeriesPoint(row.getLong("bucket"), row.getDouble("value"),
                row.getLong("samples")));
    }

    /** The point of each bucket at {@code position} (SQL over the bucket's size, {@code samples}) in that order. */
    private static Select pickedByPosition(DownsampleQuery query, String order, String position) {
        long step = query.stepMillis();
        return restrictedTo(new Select("SELECT " + BUCKET_START + " AS bucket, t.value AS value,"
                        + " count(*) OVER buckets AS samples, row_number() OVER (buckets ORDER BY " + order + ")"
                        + " AS position" + POINTS_OF_SERIES, step, step, step),
                query.series())
                .append("WINDOW buckets AS (PARTITION BY " + BUCKET_START + ")", step, step, step)
                .within("SELECT bucket, samples, value FROM (",
                        ") WHERE position = " + position + " ORDER BY bucket");
    }

    /**
     * The aggregate function of every aggregation that picks no single point; a rate divides by the step (or the
     * window), a number of the query's own, never caller text.
     */
    private static String aggregate(Aggregation aggregation, long stepMillis) {
        return switch (aggregation) {
            case AVG -> "avg(t.value)";
            case MIN -> "min(t.value)";
            case MAX -> "max(t.value)";
            case SUM -> "sum(t.value)";
            case COUNT -> "count(*)";
            case RATE -> "sum(t.value) * 1000.0 / " + stepMillis;
            case LAST, P50, P90, P95, P99 ->
                    throw new IllegalArgumentException(aggregation + " picks a point; it is not an aggregate function");
        };
    }

    /**
     * One row per series with points in the window: the series found through the (name, labels) index, in label
     * order, and for each a walk of its own points, the clustered table's (series_id, timestamp) key bounded by the
     * window, so that no point of another series or outside the window is read. LAST seeks the series' newest point
     * in the window, last in the order findPoints returns them; a rate divides by the window's length, a number of
     * the query's own, never caller text.
     */
    static List<WindowAggregate> aggregateWindow(Connection connection, WindowQuery query) throws SQLException {
        long from = query.startMillis();
        long to = query.endMillis();
        Select select = query.aggregation() == Aggregation.LAST
                ? new Select("SELECT m.labels, count(*) AS samples, (SELECT l.value FROM metrics_timeseries l"
                        + " WHERE l.series_id = m.series_id AND l.timestamp >= ? AND l.timestamp <= ?"
                        + " ORDER BY l.timestamp DESC, l.seq DESC LIMIT 1) AS value" + SERIES_WITH_POINTS, from, to)
                : new Select("SELECT m.labels, count(*) AS samples, "
                        + aggregate(query.aggregation(), query.window().toMillis()) + " AS value"
                        + SERIES_WITH_POINTS);
        return select.where("m.name = ?", query.name())
                .whereHasLabels("m.labels", query.labels())
                .where("t.timestamp >= ? AND t.timestamp <= ?", from, to)
                .append("GROUP BY m.labels ORDER BY m.labels")
                .list(connection, row -> new WindowAggregate(Labels.fromJson(row.getString("labels")),
                        row.getDouble("value"), row.getLong("samples")));
    }

    /** The points in range of every series of the metric that carries all the labels asked for. */
    private static Select restrictedTo(Select select, SeriesSelector series) {
        return select.where("m.name = ?", series.name())
                .whereHasLabels("m.labels", series.labels())
                .whereWithin("t.timestamp", series.range());
    }

    static List<MetricMetadata> findMetadata(Connection connection, @Nullable String name) throws SQLException {
        return new Select("SELECT series_id, name, labels, type, unit, description, first_seen, last_seen"
                + " FROM metrics_metadata")
                .whereEquals("name", name)
                .append("ORDER BY name, labels")
                .list(connection, MetricQueries::readMetadata);
    }

    /**
     * Each recent series with its latest point: the series from {@code metrics_metadata}, newest first, and for
     * each one seek of the clustered points table at its {@code last_seen}, the last point of that millisecond. A
     * series whose latest points retention has deleted is left out.
     *
     * @param labelsByJson labels already parsed, by their canonical JSON: an exporter asks for the same series
     *                     again and again, and parsing is most of the cost
     */
    static List<LatestValue> latestValues(Connection connection, long seenSinceMillis, int limit,
                                          Map<String, Labels> labelsByJson) throws SQLException {
        return new Select("SELECT * FROM (SELECT m.series_id, m.name, m.labels, m.type, m.unit, m.description,"
                + " m.first_seen, m.last_seen, (SELECT t.value FROM metrics_timeseries t"
                + " WHERE t.series_id = m.series_id AND t.timestamp = m.last_seen ORDER BY t.seq DESC LIMIT 1)"
                + " AS value FROM metrics_metadata m WHERE m.last_seen >= ?)", seenSinceMillis)
                .where("value IS NOT NULL")
                .append("ORDER BY last_seen DESC, series_id LIMIT ?", limit)
                .list(connection, row -> new LatestValue(new MetricMetadata(row.getLong("series_id"),
                        row.getString("name"), labelsByJson.computeIfAbsent(row.getString("labels"), Labels::fromJson),
                        MetricType.fromStoredName(row.getString("type")), row.getString("unit"),
                        row.getString("description"), row.getLong("first_seen"), row.getLong("last_seen")),
                        row.getDouble("value"), row.getLong("last_seen")));
    }

    private static MetricMetadata readMetadata(ResultSet row) throws SQLException {
        return new MetricMetadata(row.getLong("series_id"), row.getString("name"),
                Labels.fromJson(row.getString("labels")), MetricType.fromStoredName(row.getString("type")),
                row.getString("unit"), row.getString("description"), row.getLong("first_seen"),
                row.getLong("last_seen"));
    }
}
