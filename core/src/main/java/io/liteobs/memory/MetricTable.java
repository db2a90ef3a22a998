package io.liteobs.memory;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.SeriesPoint;
import io.liteobs.SeriesSelector;
import io.liteobs.TimeRange;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.internal.WindowFold;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Metric series and their points. A series (metric name and labels) is described once and holds its points in
 * insertion order; points are read in the order a store returns them: by timestamp, then series (in the order the
 * series were created), then insertion. Not thread-safe: the store guards it.
 */
final class MetricTable {

    /** Query order: time, then series, then insertion. */
    private static final Comparator<Point> QUERY_ORDER = Comparator.comparingLong(Point::timestampMillis)
            .thenComparingLong(point -> point.series().id)
            .thenComparingLong(Point::number);

    private record SeriesKey(String name, Labels labels) {
    }

    private static final class Series {
        final long id;
        final SeriesKey key;
        /** A gauge until its metric is described. */
        MetricType type = MetricType.GAUGE;
        @Nullable String unit;
        @Nullable String description;
        long firstSeen;
        long lastSeen;
        final ArrayDeque<Point> points = new ArrayDeque<>();

        Series(long id, SeriesKey key, long timestampMillis) {
            this.id = id;
            this.key = key;
            this.firstSeen = timestampMillis;
            this.lastSeen = timestampMillis;
        }

        void describe(MetricDescription description) {
            this.type = description.type();
            this.unit = Objects.requireNonNullElse(description.unit(), unit);
            this.description = description.description();
        }

        MetricMetadata metadata() {
            return new MetricMetadata(id, key.name(), key.labels(), type, unit, description, firstSeen, lastSeen);
        }
    }

    private record Point(Series series, long number, long timestampMillis, double value) {
        MetricPoint toMetricPoint() {
            return new MetricPoint(series.key.name(), value, series.unit, series.key.labels(), timestampMillis);
        }
    }

    /** Series in the order they were created, which is their id order. */
    private final Map<SeriesKey, Series> series = new LinkedHashMap<>();
    /** What each metric was last described as, for its series to come. */
    private final Map<String, MetricDescription> descriptions = new HashMap<>();
    /** Every point in insertion order, kept only to drop the oldest when the store is bounded. */
    private final @Nullable ArrayDeque<Point> insertionOrder;
    private long seriesCreated;
    private long pointsInserted;
    private long pointCount;

    /** @param bounded whether {@link #keepNewest} will be called */
    MetricTable(boolean bounded) {
        this.insertionOrder = bounded ? new ArrayDeque<>() : null;
    }

    /** Describes every existing series of the metric, and remembers the description for series still to come. */
    void describe(MetricDescription description) {
        descriptions.put(description.name(), description);
        series.values().stream().filter(one -> one.key.name().equals(description.name()))
                .forEach(one -> one.describe(description));
    }

    /** Stores the point, creating its series, described as its metric was, or as a gauge in the point's unit. */
    void insert(MetricPoint point) {
        Series target = series.computeIfAbsent(new SeriesKey(point.name(), point.labels()), key -> {
            Series created = new Series(++seriesCreated, key, point.timestampMillis());
            created.unit = point.unit();
            MetricDescription description = descriptions.get(key.name());
            if (description != null) {
                created.describe(description);
            }
            return created;
        });
        target.firstSeen = Math.min(target.firstSeen, point.timestampMillis());
        target.lastSeen = Math.max(target.lastSeen, point.timestampMillis());
        Point stored = new Point(target, ++pointsInserted, point.timestampMillis(), point.value());
        target.points.addLast(stored);
        if (insertionOrder != null) {
            insertionOrder.addLast(stored);
        }
        pointCount++;
    }

    /**
     * Drops the first-inserted points until at most {@code maxPoints} are left, then the first-created series
     * without points until at most {@code maxPoints} series are left.
     */
    void keepNewest(long maxPoints) {
        ArrayDeque<Point> oldestFirst = Objects.requireNonNull(insertionOrder, "keepNewest needs a bounded table");
        while (pointCount > maxPoints) {
            Point oldest = oldestFirst.pollFirst();
            // A point retention deleted is no longer the first of its series.
            if (oldest.series().points.peekFirst() == oldest) {
                oldest.series().points.pollFirst();
                pointCount--;
            }
        }
        Iterator<Series> firstCreatedFirst = series.values().iterator();
        while (series.size() > maxPoints && firstCreatedFirst.hasNext()) {
            if (firstCreatedFirst.next().points.isEmpty()) {
                firstCreatedFirst.remove();
            }
        }
    }

    /**
     * Deletes at most {@code maxRows} points before the cutoff, series by series, each series' oldest first. A
     * series' first seen time then moves up to its oldest point left, or to the cutoff when none is left.
     */
    long deleteOlderThan(long cutoffMillis, int maxRows) {
        long deleted = 0;
        for (Series one : series.values()) {
            if (deleted == maxRows) {
                break;
            }
            if (one.firstSeen >= cutoffMillis) {
                continue;
            }
            Set<Point> old = one.points.stream().filter(point -> point.timestampMillis() < cutoffMillis)
                    .sorted(QUERY_ORDER).limit(maxRows - deleted).collect(Collectors.toSet());
            one.points.removeIf(old::contains);
            deleted += old.size();
            one.firstSeen = one.points.stream().mapToLong(Point::timestampMillis).min().orElse(cutoffMillis);
        }
        pointCount -= deleted;
        return deleted;
    }

    List<MetricPoint> findPoints(MetricQuery query) {
        return matching(query.series()).limit(query.limit())
                .map(Point::toMetricPoint).toList();
    }

    /**
     * Buckets of {@code step} on multiples of the step since the epoch, as the SQLite store makes them; LAST is the
     * bucket's last point in query order; a percentile the nearest rank among the bucket's values; a rate the sum
     * per second of the step.
     */
    List<SeriesPoint> downsample(DownsampleQuery query) {
        long step = query.stepMillis();
        Map<Long, Bucket> buckets = new TreeMap<>();
        matching(query.series()).forEach(point ->
                buckets.computeIfAbsent(Math.floorDiv(point.timestampMillis(), step) * step,
                        start -> new Bucket(query.aggregation()))
                        .add(point.value()));
        List<SeriesPoint> points = new ArrayList<>(buckets.size());
        buckets.forEach((start, values) -> points.add(new SeriesPoint(start, values.value(query.aggregation(), step),
                values.count)));
        return points;
    }

    /** Each matching series' points in the window folded in query order, the series by their label JSON. */
    List<WindowAggregate> aggregateWindow(WindowQuery query) {
        Map<Labels, WindowFold> bySeries = new LinkedHashMap<>();
        matching(new SeriesSelector(query.name(), query.labels(), query.range())).forEach(point ->
                bySeries.computeIfAbsent(point.series().key.labels(), labels -> new WindowFold()).add(point.value()));
        return bySeries.entrySet().stream()
                .map(series -> series.getValue().toAggregate(series.getKey(), query))
                .sorted(Comparator.comparing(aggregate -> aggregate.labels().toJson()))
                .toList();
    }

    /** The points of every series of the metric that carries the labels, within the range, in query order. */
    private Stream<Point> matching(SeriesSelector selector) {
        TimeRange range = selector.range();
        return series.values().stream()
                .filter(one -> one.key.name().equals(selector.name())
                        && one.key.labels().containsAll(selector.labels()))
                .flatMap(one -> one.points.stream())
                .filter(point -> point.timestampMillis() >= range.fromMillis()
                        && point.timestampMillis() < range.toMillis())
                .sorted(QUERY_ORDER);
    }

    /** The points of one bucket, folded as they come in query order; their values kept only for a percentile. */
    private static final class Bucket {
        final @Nullable List<Double> values;
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double last;

        Bucket(Aggregation aggregation) {
            this.values = aggregation.isPercentile() ? new ArrayList<>() : null;
        }

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            last = value;
            if (values != null) {
                values.add(value);
            }
        }

        double value(Aggregation aggregation, long stepMillis) {
            return switch (aggregation) {
                case AVG -> sum / count;
                case MIN -> min;
                case MAX -> max;
                case SUM -> sum;
                case RATE -> sum * 1000.0 / stepMillis;
                case COUNT -> count;
                case LAST -> last;
                case P50, P90, P95, P99 -> {
                    List<Double> sorted = Objects.requireNonNull(values, "values kept for a percentile");
                    sorted.sort(null);
                    yield sorted.get((int) aggregation.nearestRank(count) - 1);
                }
            };
        }
    }

    /** Every series of the metric, or of every metric when the name is null, ordered by name, then labels. */
    List<MetricMetadata> findMetadata(@Nullable String name) {
        return series.values().stream()
                .filter(one -> name == null || one.key.name().equals(name))
                .map(Series::metadata)
                .sorted(Comparator.comparing(MetricMetadata::name)
                        .thenComparing(metadata -> metadata.labels().toJson()))
                .toList();
    }

    /** The greatest last seen time of any series, including series whose points retention deleted. */
    OptionalLong newestTimestamp() {
        return series.values().stream().mapToLong(one -> one.lastSeen).max();
    }

    long pointCount() {
        return pointCount;
    }

    long seriesCount() {
        return series.size();
    }
}
