package io.liteobs;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A store that keeps what it is given in lists, for testing the recorders and the writer at the SPI boundary.
 * Faults are injected per batch; {@link #blockWrites()} holds the writer inside {@code write} until released.
 */
final class InMemoryStore implements ObservabilityStore {

    final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    final List<MetricPoint> metrics = new CopyOnWriteArrayList<>();
    final List<MetricDescription> descriptions = new CopyOnWriteArrayList<>();
    final List<BusinessEvent> events = new CopyOnWriteArrayList<>();
    final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    final List<SystemAlert> alerts = new CopyOnWriteArrayList<>();
    /** The queries {@code findAudit} was given, in order. */
    final List<AuditQuery> auditQueries = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger writeCalls = new AtomicInteger();

    /** Returns the exception a batch fails with, or null to write it. */
    volatile Function<WriteBatch, StoreException> fault = batch -> null;
    /** Returns what a buggy store throws for a batch (not a StoreException), or null. */
    volatile Function<WriteBatch, Throwable> bug = batch -> null;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch firstWriteEntered = new CountDownLatch(1);
    volatile boolean closed;
    /** How long each write takes at least, to make the queues fill up. */
    volatile long writeDelayNanos;
    /** Holds {@code close()} until released; {@link #closeEntered} opens when a close begins. */
    volatile CountDownLatch closeGate = new CountDownLatch(0);
    final CountDownLatch closeEntered = new CountDownLatch(1);

    private final String name;

    InMemoryStore() {
        this("memory");
    }

    InMemoryStore(String name) {
        this.name = name;
    }

    void blockWrites() {
        gate = new CountDownLatch(1);
    }

    void releaseWrites() {
        gate.countDown();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(WriteBatch batch) {
        writeCalls.incrementAndGet();
        firstWriteEntered.countDown();
        if (writeDelayNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(writeDelayNanos);
        }
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closed) {
            throw new StoreException(StoreException.Kind.CLOSED, "closed", null);
        }
        Throwable thrown = bug.apply(batch);
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        StoreException failure = fault.apply(batch);
        if (failure != null) {
            throw failure;
        }
        batchSizes.add(batch.size());
        audit.addAll(batch.audit());
        metrics.addAll(batch.metrics());
        descriptions.addAll(batch.descriptions());
        events.addAll(batch.events());
        heartbeats.addAll(batch.heartbeats());
        alerts.addAll(batch.alerts());
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        auditQueries.add(query);
        return List.copyOf(audit);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return metrics.stream().filter(point -> point.name().equals(query.series().name())).toList();
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
        return List.copyOf(events);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return heartbeats.stream().filter(beat -> beat.workerId().equals(workerId))
                .max(Comparator.comparingLong(Heartbeat::timestampMillis));
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        List<Heartbeat> latest = new ArrayList<>();
        heartbeats.stream().map(Heartbeat::workerId).distinct()
                .forEach(worker -> latestHeartbeat(worker).ifPresent(latest::add));
        return latest;
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
        return Map.of(DataKind.AUDIT, (long) audit.size(), DataKind.METRICS, (long) metrics.size());
    }

    @Override
    public long seriesCount() {
        return 0;
    }

    @Override
    public void close() {
        closeEntered.countDown();
        try {
            closeGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
    }
}
