package io.liteobs.spi;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.SeriesPoint;
import java.util.List;
import java.util.Map;
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

    /** A short name for thread names and log messages, such as the database file name. */
    String name();

    /** Audit entries matching the query, in its order; ties broken by insertion order in the same direction. */
    List<AuditEntry> findAudit(AuditQuery query);

    /** Raw points of every series of the metric that carries the query's labels, oldest first. */
    List<MetricPoint> findMetricPoints(MetricQuery query);

    /** The matching points aggregated per bucket, oldest bucket first; empty buckets left out. */
    List<SeriesPoint> downsample(DownsampleQuery query);

    /**
     * Every stored series of the named metric, ordered by name, then labels.
     *
     * @param name the metric name; null for every series of every metric
     */
    List<MetricMetadata> findMetricMetadata(@Nullable String name);

    /** Business events matching the query, by time in its direction; ties broken by insertion order. */
    List<BusinessEvent> findEvents(EventQuery query);

    /**
     * HTTP requests matching the query, in its order; ties broken by insertion order in the same direction.
     */
    List<HttpRequest> findHttpRequests(HttpRequestQuery query);

    /**
     * Per-route statistics of the HTTP requests in the query's range, exact over every matching row (see
     * {@link HttpRouteStats} for the percentiles), ordered by route, then method, then step. Routes compare as
     * their UTF-8 bytes do.
     */
    List<HttpRouteStats> httpRouteStats(HttpStatsQuery query);

    /** The latest heartbeat of the worker, if it ever beat. */
    Optional<Heartbeat> latestHeartbeat(String workerId);

    /** The latest heartbeat of every worker, ordered by worker id. */
    List<Heartbeat> latestHeartbeats();

    /**
     * The timestamp of the newest row of one kind, as far as the store can tell cheaply (the latest inserted, or
     * the greatest); retention never deletes rows younger than the policy's age measured from it.
     *
     * @return empty when there is no row of the kind
     */
    OptionalLong newestTimestamp(DataKind kind);

    /**
     * How many rows of each kind the store holds, counted in one consistent snapshot: every {@link DataKind} is a
     * key, with 0 where there is none. {@link DataKind#METRICS} counts points; {@link #seriesCount()} the series.
     */
    Map<DataKind, Long> rowCounts();

    /** How many metric series are described, including those whose points retention has deleted. */
    long seriesCount();

    /** Closes the reader; idempotent. */
    @Override
    void close();
}
