package io.liteobs.postgres;

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

/**
 * Reads metrics: raw points, downsampled series and series metadata. A query spans every source: the points of
 * all instances whose series carry the labels asked for.
 */
final class MetricQueries {

    /** Points joined to their series, so that one query filters on the metric name and labels. */
    private static final String POINTS_OF_SERIES =
            " FROM metrics_timeseries t JOIN metrics_metadata m ON m.series_id = t.series_id";

    /**
     * A point's bucket: its timestamp rounded down to a multiple of the step, with the step bound three times.
     * Written so that the remainder, negative before 1970, rounds down too.
     */
    private static final String BUCKET_START = "t.timestamp - ((t.timestamp % ?) + ?) % ?";

    private MetricQueries() {
    }

    /**
     * The latest point of each series last seen at or after the bound, newest first. A series' stored last seen
     * time trails its points by less than {@link MetricWriter#LAST_SEEN_RESOLUTION_MILLIS}, so the series are picked
     * by it with that much to spare, and then by their latest point, which the (series_id, timestamp) index finds
     * at once; of the points of its latest millisecond, the one written last.
     */
    private static final String LATEST_VALUES = """
            SELECT m.series_id, m.name, m.labels, m.type, m.unit, m.description, m.first_seen,
                   greatest(m.last_seen, latest.timestamp) AS last_seen, latest.timestamp AS point_timestamp,
                   latest.value AS point_value
            FROM metrics_metadata m CROSS JOIN LATERAL (
                SELECT t.timestamp, t.value FROM metrics_timeseries t WHERE t.series_id = m.series_id
                ORDER BY t.timestamp DESC, t.seq DESC LIMIT 1) latest""";

    /** The points the query asks for, of the source's series, or of every source's when it is null. */
    static List<MetricPoint> findPoints(Connection connection, MetricQuery query, @Nullable Integer sourceId)
            throws SQLException {
        Map<String, Labels> labelsByJson = new HashMap<>();
        return restrictedTo(new Select("SELECT m.labels, m.unit, t.timestamp, t.value" + POINTS_OF_SERIES),
                query.series(), sourceId)
                .append("ORDER BY t.timestamp, t.series_id, t.seq LIMIT ?", query.limit())
                .list(connection, row -> new MetricPoint(query.series().name(), row.getDouble("value"),
                        row.getString("unit"), labelsByJson.computeIfAbsent(row.getString("labels"), Labels::fromJson),
                        row.getLong("timestamp")));
    }

    /**
     * Aggregates in SQL, one row per non-empty bucket. Buckets start on multiples of the step since the epoch, as in
     * Prometheus and Grafana. LAST and the percentiles pick one point of the bucket by its position in a window.
     * Over the source's series, or every source's when it is null.
     */
    static List<SeriesPoint> downsample(Connection connection, DownsampleQuery query, @Nullable Integer sourceId)
            throws SQLException {
        long step = query.stepMillis();
        Aggregation aggregation = query.aggregation();
        Select select;
        if (aggregation == Aggregation.LAST) {
            // The bucket's last point in the order findPoints returns them.
            select = pickedByPosition(query, sourceId, "t.timestamp DESC, t.series_id DESC, t.seq DESC", "1");
        } else if (aggregation.isPercentile()) {
            // The nearest rank, ceil(percent * samples / 100); the percent is the enum's own integer.
            select = pickedByPosition(query, sourceId, "t.value",
                    "(" + aggregation.percent() + " * samples + 99) / 100");
        } else {
            select = restrictedTo(new Select("SELECT " + BUCKET_START + " AS bucket, count(*) AS samples, "
                            + aggregate(aggregation, step) + " AS value" + POINTS_OF_SERIES, step, step, step),
                    query.series(), sourceId)
                    .append("GROUP BY bucket ORDER BY bucket");
        }
        return select.list(connection, row -> new SeriesPoint(row.getLong("bucket"), row.getDouble("value"),
                row.getLong("samples")));
    }

    /** The point of each bucket at {@code position} (SQL over the bucket's size, {@code samples}) in that order. */
    private static Select pickedByPosition(DownsampleQuery query, @Nullable Integer sourceId, String order,
            String position) {
        long step = query.stepMillis();
        return restrictedTo(new Select("SELECT " + BUCKET_START + " AS bucket, t.value AS value,"
                        + " count(*) OVER buckets AS samples, row_number() OVER (buckets ORDER BY " + order + ")"
                        + " AS position" + POINTS_OF_SERIES, step, step, step),
                query.series(), sourceId)
                .append("WINDOW buckets AS (PARTITION BY " + BUCKET_START + ")", step, step, step)
                .within("SELECT bucket, samples, value FROM (",
                        ") AS ranked WHERE position = " + position + " ORDER BY bucket");
    }

    /** The aggregate function of every aggregation that picks no single point; a rate divides by the step (or window). */
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
     * One row per label set with points in the window, the points of every source's series of that label set
     * together, through the (series_id, timestamp) index. LAST is the newest point in the order findPoints returns
     * them; a rate divides by the window's length, a number of the query's own, never caller text.
     */
    static List<WindowAggregate> aggregateWindow(Connection connection, WindowQuery query, @Nullable Integer sourceId)
            throws SQLException {
        String value = query.aggregation() == Aggregation.LAST
                ? "(array_agg(t.value ORDER BY t.timestamp DESC, t.series_id DESC, t.seq DESC))[1]"
                : aggregate(query.aggregation(), query.window().toMillis());
        return new Select("SELECT m.labels, count(*) AS samples, " + value + " AS value" + POINTS_OF_SERIES)
                .where("m.name = ?", query.name())
                .whereSource("m.source_id", sourceId)
                .whereHasLabels("m.labels", query.labels())
                .where("t.timestamp >= ? AND t.timestamp <= ?", query.startMillis(), query.endMillis())
                .append("GROUP BY m.labels ORDER BY m.labels")
                .list(connection, row -> new WindowAggregate(Labels.fromJson(row.getString("labels")),
                        row.getDouble("value"), row.getLong("samples")));
    }

    /** The points in range of every series of the metric that carries all the labels asked for. */
    private static Select restrictedTo(Select select, SeriesSelector series, @Nullable Integer sourceId) {
        return select.where("m.name = ?", series.name())
                .whereSource("m.source_id", sourceId)
                .whereHasLabels("m.labels", series.labels())
                .whereWithin("t.timestamp", series.range());
    }

    /** The series of the metric, or of every metric when the name is null, of the source or of every source. */
    static List<MetricMetadata> findMetadata(Connection connection, @Nullable String name,
            @Nullable Integer sourceId) throws SQLException {
        return new Select("SELECT series_id, name, labels, type, unit, description, first_seen, last_seen"
                + " FROM metrics_metadata")
                .whereEquals("name", name)
                .whereSource("source_id", sourceId)
                .append("ORDER BY name, labels, series_id")
                .list(connection, MetricQueries::readMetadata);
    }

    /**
     * The latest point of each series whose latest point is at or after {@code seenSinceMillis}, the series seen
     * most recently first, then by name and labels; of the source, or of every source when it is null.
     */
    static List<LatestValue> latestValues(Connection connection, long seenSinceMillis, int limit,
            @Nullable Integer sourceId) throws SQLException {
        return new Select(LATEST_VALUES)
                .where("m.last_seen > ?", seenSinceMillis - MetricWriter.LAST_SEEN_RESOLUTION_MILLIS)
                .whereSource("m.source_id", sourceId)
                .where("latest.timestamp >= ?", seenSinceMillis)
                .append("ORDER BY latest.timestamp DESC, m.name, m.labels, m.series_id LIMIT ?", limit)
                .list(connection, row -> new LatestValue(readMetadata(row), row.getDouble("point_value"),
                        row.getLong("point_timestamp")));
    }

    private static MetricMetadata readMetadata(ResultSet row) throws SQLException {
        return new MetricMetadata(row.getLong("series_id"), row.getString("name"),
                Labels.fromJson(row.getString("labels")), MetricType.fromStoredName(row.getString("type")),
                row.getString("unit"), row.getString("description"), row.getLong("first_seen"),
                row.getLong("last_seen"));
    }
}
