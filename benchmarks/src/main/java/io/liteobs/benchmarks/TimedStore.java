package io.liteobs.benchmarks;

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
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a store and records how long each batch write took, lock wait included. */
final class TimedStore implements ObservabilityStore {

    private final ObservabilityStore store;
    private final AtomicLong longestWriteNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    TimedStore(ObservabilityStore store) {
        this.store = store;
    }

    /** The longest write since the last reset, in milliseconds, and starts over. */
    double takeLongestWriteMillis() {
        return longestWriteNanos.getAndSet(0) / 1e6;
    }

    /** The number of batches written since the last call, and starts over. */
    long takeWrites() {
        return writes.getAndSet(0);
    }

    @Override
    public void write(WriteBatch batch) {
        long started = System.nanoTime();
        store.write(batch);
        long took = System.nanoTime() - started;
        longestWriteNanos.accumulateAndGet(took, Math::max);
        writes.incrementAndGet();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        return store.findAudit(query);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return store.findMetricPoints(query);
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return store.downsample(query);
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(String name) {
        return store.findMetricMetadata(name);
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        return store.findEvents(query);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return store.latestHeartbeat(workerId);
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return store.latestHeartbeats();
    }

    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        return store.deleteOlderThan(kind, cutoffMillis, maxRows);
    }

    @Override
    public void compact() {
        store.compact();
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return store.rowCounts();
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        return store.newestTimestamp(kind);
    }

    @Override
    public long seriesCount() {
        return store.seriesCount();
    }

    @Override
    public void close() {
        store.close();
    }
}
