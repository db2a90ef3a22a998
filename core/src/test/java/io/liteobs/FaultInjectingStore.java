package io.liteobs;

import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The reference store with faults injected, for testing the recorders and the writer at the SPI boundary: a batch
 * fails ({@link #fault}) or hits a bug ({@link #bug}), the writer is held inside {@code write} ({@link #blockWrites()})
 * or slowed ({@link #writeDelayNanos}), {@code close()} is held ({@link #closeGate}). What was written is read back
 * through the reference store's queries, even after {@code close()}, which refuses further writes only.
 */
final class FaultInjectingStore implements ObservabilityStore {

    private final InMemoryStore stored;

    /** The queries {@code findAudit} was given, in order. */
    final List<AuditQuery> auditQueries = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger writeCalls = new AtomicInteger();
    /** Descriptions, alerts and every heartbeat as written: the SPI has no query that lists them all. */
    final List<MetricDescription> descriptions = new CopyOnWriteArrayList<>();
    final List<SystemAlert> alerts = new CopyOnWriteArrayList<>();
    final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();

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

    FaultInjectingStore() {
        this(InMemoryStore.DEFAULT_NAME);
    }

    FaultInjectingStore(String name) {
        this.stored = InMemoryStore.builder().name(name).build();
    }

    void blockWrites() {
        gate = new CountDownLatch(1);
    }

    void releaseWrites() {
        gate.countDown();
    }

    /** Every audit entry stored, oldest first. */
    List<AuditEntry> audit() {
        return stored.findAudit(AuditQuery.builder().orderBy(AuditOrder.TIME, SortDirection.ASC)
                .limit(Page.MAX_LIMIT).build());
    }

    /** Every event stored, oldest first. */
    List<BusinessEvent> events() {
        return stored.findEvents(EventQuery.builder().direction(SortDirection.ASC).limit(Page.MAX_LIMIT)
                .build());
    }

    /** Every metric point stored, by metric name, then oldest first. */
    List<MetricPoint> metrics() {
        return stored.findMetricMetadata(null).stream().map(MetricMetadata::name).distinct()
                .flatMap(name -> stored.findMetricPoints(MetricQuery.builder(name).limit(MetricQuery.MAX_LIMIT)
                        .build()).stream())
                .toList();
    }

    /** How many rows of the kind are stored. */
    long count(DataKind kind) {
        return stored.rowCounts().get(kind);
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void write(WriteBatch batch) {
        writeCalls.incrementAndGet();
        firstWriteEntered.countDown();
        if (writeDelayNanos > 0) {
            LockSupport.parkNanos(writeDelayNanos);
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
        stored.write(batch);
        batchSizes.add(batch.size());
        descriptions.addAll(batch.descriptions());
        alerts.addAll(batch.alerts());
        heartbeats.addAll(batch.heartbeats());
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        auditQueries.add(query);
        return stored.findAudit(query);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return stored.findMetricPoints(query);
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return stored.downsample(query);
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(String name) {
        return stored.findMetricMetadata(name);
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        return stored.findEvents(query);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return stored.latestHeartbeat(workerId);
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return stored.latestHeartbeats();
    }

    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        return stored.deleteOlderThan(kind, cutoffMillis, maxRows);
    }

    @Override
    public void compact() {
        stored.compact();
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        return stored.newestTimestamp(kind);
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return stored.rowCounts();
    }

    @Override
    public long seriesCount() {
        return stored.seriesCount();
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
