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

/** A store that accepts every batch and keeps nothing: what is left to measure is the recording call itself. */
final class DiscardingStore implements ObservabilityStore {

    @Override
    public String name() {
        return "discarding";
    }

    @Override
    public void write(WriteBatch batch) {
        // accepted and forgotten
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        return List.of();
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return List.of();
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return List.of();
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(String name) {
        return List.of();
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        return List.of();
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return Optional.empty();
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return List.of();
    }

    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        return 0;
    }

    @Override
    public void compact() {
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        return OptionalLong.empty();
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return Map.of();
    }

    @Override
    public long seriesCount() {
        return 0;
    }

    @Override
    public void close() {
    }
}
