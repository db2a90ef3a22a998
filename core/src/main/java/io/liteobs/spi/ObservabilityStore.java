package io.liteobs.spi;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.SeriesPoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A storage engine for LiteObs. Implementations are thread-safe: the writer thread writes while any thread
 * queries or deletes. Every method throws {@link StoreException} on failure.
 */
public interface ObservabilityStore extends AutoCloseable {

    /** A short name for thread names and log messages, such as the database file name. */
    String name();

    /**
     * Writes the whole batch in one transaction: all of it is committed, or none of it.
     *
     * @throws StoreException with {@link StoreException.Kind#REJECTED_DATA} when an entry's content is refused,
     *                        {@link StoreException.Kind#UNAVAILABLE} when the store cannot write now
     */
    void write(WriteBatch batch);

    /** Audit entries matching the query, in its order. */
    List<AuditEntry> findAudit(AuditQuery query);

    /** Raw metric points matching the query, oldest first. */
    List<MetricPoint> findMetricPoints(MetricQuery query);

    /** The matching points aggregated per bucket, oldest bucket first; empty buckets left out. */
    List<SeriesPoint> downsample(DownsampleQuery query);

    /** Every stored series of the named metric; every series of every metric when {@code name} is null. */
    List<MetricMetadata> findMetricMetadata(String name);

    /** Business events matching the query, in its order. */
    List<BusinessEvent> findEvents(EventQuery query);

    /** The latest heartbeat of the worker, if it ever beat. */
    Optional<Heartbeat> latestHeartbeat(String workerId);

    /** The latest heartbeat of every worker, by worker id. */
    List<Heartbeat> latestHeartbeats();

    /**
     * Deletes at most {@code maxRows} of the oldest rows of one kind with a timestamp before the cutoff, in one
     * short transaction, so that writes are held up for one chunk at the most.
     *
     * @return the rows deleted; fewer than {@code maxRows} means none are left before the cutoff
     */
    long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows);

    /**
     * The timestamp of the newest row of one kind, as far as the store can tell cheaply (the latest inserted, or
     * the greatest); retention never deletes rows younger than the policy's age measured from it. The default
     * knows nothing, which leaves retention to the clocks alone.
     *
     * @return empty when the table is empty or the store cannot tell
     */
    default OptionalLong newestTimestamp(DataKind kind) {
        return OptionalLong.empty();
    }

    /** Returns the space freed by deletes to the file system where the engine needs that done explicitly. */
    void compact();

    /** The row count of every table, by table name. */
    Map<String, Long> rowCounts();

    /** Closes the store; idempotent. */
    @Override
    void close();
}
