package io.liteobs.spi;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.AuditStatusCount;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.internal.WindowFold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a reader of stored data needs: the queries, and nothing that changes the store. A read-only tool (a report,
 * a check over a service's file) depends on this alone; {@link ObservabilityStore} adds the writing side.
 * Implementations are thread-safe, and every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the reader is closed.
 *
 * <p>Each kind of data ({@link DataKind}) is read through its own typed query; a kind added later (HTTP requests,
 * alerts with their state) brings its own query method, so that this interface grows by addition only.
 */
public interface StoreReader extends AutoCloseable {

    /**
     * A short name for thread names and log messages, such as the database file name.
     *
     * @return a short name for thread names and log messages, such as the database file name
     */
    String name();

    /**
     * Audit entries matching the query, in its order; ties broken by insertion order in the same direction.
     *
     * @param query which entries: range, filters, order and page
     * @return audit entries matching the query, in its order
     */
    List<AuditEntry> findAudit(AuditQuery query);

    /**
     * Raw points of every series of the metric that carries the query's labels, oldest first.
     *
     * @param query the metric, its labels, the range and the limit
     * @return raw points of every series of the metric that carries the query's labels, oldest first
     */
    List<MetricPoint> findMetricPoints(MetricQuery query);

    /**
     * The matching points aggregated per bucket, oldest bucket first; empty buckets left out.
     *
     * @param query the series, the range, the step and the aggregation
     * @return the matching points aggregated per bucket, oldest bucket first
     */
    List<SeriesPoint> downsample(DownsampleQuery query);

    /**
     * The aggregate of each series of the query's metric over its window, ordered by the series' canonical label
     * JSON; a series without a point in the window is left out. A store answers in one query that aggregates where
     * the points are; this default reads the window's points through {@link #findMetricPoints} (at most
     * {@link MetricQuery#MAX_LIMIT} of them, the oldest) and folds them here.
     *
     * @param query the metric, the labels its series carry, the aggregation and the window
     * @return one row per series with points in the window
     */
    default List<WindowAggregate> aggregateWindow(WindowQuery query) {
        Objects.requireNonNull(query, "query");
        Map<Labels, WindowFold> bySeries = new HashMap<>();
        findMetricPoints(MetricQuery.builder(query.name()).labels(query.labels()).range(query.range())
                .limit(MetricQuery.MAX_LIMIT).build())
                .forEach(point -> bySeries.computeIfAbsent(point.labels(), labels -> new WindowFold())
                        .add(point.value()));
        return bySeries.entrySet().stream()
                .map(series -> series.getValue().toAggregate(series.getKey(), query))
                .sorted(Comparator.comparing(aggregate -> aggregate.labels().toJson()))
                .toList();
    }

    /**
     * Every stored series of the named metric, ordered by name, then labels.
     *
     * @param name the metric name; null for every series of every metric
     * @return every stored series of the named metric, ordered by name, then labels
     */
    List<MetricMetadata> findMetricMetadata(@Nullable String name);

    /**
     * The latest point of each series written to at or after {@code seenSinceMillis}, the most recently written
     * series first, at most {@code limit} of them: the current value of every metric, for an exporter. A store
     * answers in one query where it can; this default asks {@link #findMetricMetadata} and then
     * {@link #findMetricPoints} once per distinct last-seen millisecond of each metric.
     *
     * @param seenSinceMillis series whose latest point is older are left out
     * @param limit           the most series returned, at least 1
     * @return the latest point of each series written to at or after {@code seenSinceMillis}, the most recently written
     *     series first, at most {@code limit} of them
     */
    default List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        List<MetricMetadata> recent = findMetricMetadata(null).stream()
                .filter(series -> series.lastSeenMillis() >= seenSinceMillis)
                .sorted(Comparator.comparingLong(MetricMetadata::lastSeenMillis).reversed())
                .limit(limit)
                .toList();
        Map<String, Map<Long, List<MetricMetadata>>> byNameAndMillis = new LinkedHashMap<>();
        recent.forEach(series -> byNameAndMillis.computeIfAbsent(series.name(), n -> new HashMap<>())
                .computeIfAbsent(series.lastSeenMillis(), t -> new ArrayList<>()).add(series));
        Map<MetricMetadata, LatestValue> latest = new HashMap<>();
        byNameAndMillis.forEach((name, byMillis) -> byMillis.forEach((millis, seriesAtMillis) -> {
            Map<Labels, MetricMetadata> byLabels = new HashMap<>();
            seriesAtMillis.forEach(series -> byLabels.put(series.labels(), series));
            MetricQuery query = MetricQuery.builder(name)
                    .range(TimeRange.between(Instant.ofEpochMilli(millis), Instant.ofEpochMilli(millis + 1)))
                    .limit(MetricQuery.MAX_LIMIT)
                    .build();
            // oldest first: a later point of a series in the same millisecond replaces an earlier one
            for (MetricPoint point : findMetricPoints(query)) {
                MetricMetadata series = byLabels.get(point.labels());
                if (series != null) {
                    latest.put(series, new LatestValue(series, point.value(), point.timestampMillis()));
                }
            }
        }));
        return recent.stream().map(latest::get).filter(Objects::nonNull).toList();
    }

    /**
     * Business events matching the query, by time in its direction; ties broken by insertion order.
     *
     * @param query which events: range, filters, direction and page
     * @return business events matching the query, by time in its direction
     */
    List<BusinessEvent> findEvents(EventQuery query);

    /**
     * HTTP requests matching the query, in its order; ties broken by insertion order in the same direction.
     *
     * @param query which requests: range, filters, order and page
     * @return HTTP requests matching the query, in its order
     */
    List<HttpRequest> findHttpRequests(HttpRequestQuery query);

    /**
     * Per-route statistics of the HTTP requests in the query's range, exact over every matching row (see
     * {@link HttpRouteStats} for the percentiles), ordered by route, then method, then step. Routes compare as
     * their UTF-8 bytes do.
     *
     * @param query the range, the step, and the routes and methods to include
     * @return per-route statistics of the HTTP requests in the query's range, exact over every matching row (see {@link
     *     HttpRouteStats} for the percentiles), ordered by route, then method, then step
     */
    List<HttpRouteStats> httpRouteStats(HttpStatsQuery query);

    /**
     * How many HTTP requests in the query's range each method, route and status had, and how many of them took at
     * most the query's threshold, exact over every matching row, in one pass; ordered by route, then method, then
     * status. Groups without a request are left out.
     *
     * @param query the range, the filters and the threshold
     * @return one count per method, route and status
     */
    List<HttpRequestCount> countHttpRequests(HttpCountQuery query);

    /**
     * How many audit entries in the query's range each component, operation and status had, exact over every
     * matching row, in one pass; ordered by component, then operation, then status. Groups without an entry are left
     * out.
     *
     * @param query the range and the filters
     * @return one count per component, operation and status
     */
    List<AuditStatusCount> countAudit(AuditCountQuery query);

    /**
     * The latest heartbeat of the worker, if it ever beat.
     *
     * @param workerId the worker's id
     * @return the latest heartbeat of the worker, if it ever beat
     */
    Optional<Heartbeat> latestHeartbeat(String workerId);

    /**
     * The latest heartbeat of every worker, ordered by worker id.
     *
     * @return the latest heartbeat of every worker, ordered by worker id
     */
    List<Heartbeat> latestHeartbeats();

    /**
     * The timestamp of the newest row of one kind, as far as the store can tell cheaply (the latest inserted, or
     * the greatest); retention never deletes rows younger than the policy's age measured from it.
     *
     * @return empty when there is no row of the kind
     * @param kind the kind of rows, which names the table
     */
    OptionalLong newestTimestamp(DataKind kind);

    /**
     * How many rows of each kind the store holds, counted in one consistent snapshot: every {@link DataKind} is a
     * key, with 0 where there is none. {@link DataKind#METRICS} counts points; {@link #seriesCount()} the series.
     *
     * @return how many rows of each kind the store holds, counted in one consistent snapshot
     */
    Map<DataKind, Long> rowCounts();

    /**
     * How many metric series are described, including those whose points retention has deleted.
     *
     * @return how many metric series are described, including those whose points retention has deleted
     */
    long seriesCount();

    /**
     * Alerts of {@code system_alerts} matching the query, newest opened first; ties broken by insertion order, last
     * first. The library's own alerts read as alerts without a rule.
     *
     * @param query which alerts: range, severity, rule, source and page
     * @return alerts of {@code system_alerts} matching the query, newest opened first
     */
    List<AlertRecord> findAlerts(AlertQuery query);

    /**
     * Attempts at delivering alert notifications matching the query, newest first, then last stored first.
     *
     * @param query which attempts: range, alert, rule, outcome and page
     * @return the matching attempts, newest first
     */
    List<NotificationAttempt> findNotificationAttempts(NotificationQuery query);

    /** Closes the reader; idempotent. */
    @Override
    void close();
}
