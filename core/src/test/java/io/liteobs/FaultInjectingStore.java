package io.liteobs;

import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.util.List;
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
final class FaultInjectingStore extends ForwardingStore {

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
        super(InMemoryStore.builder().name(name).build());
    }

    void blockWrites() {
        gate = new CountDownLatch(1);
    }

    void releaseWrites() {
        gate.countDown();
    }

    /** Every audit entry stored, oldest first. */
    List<AuditEntry> audit() {
        return delegate().findAudit(AuditQuery.builder().orderBy(AuditOrder.TIME).direction(SortDirection.ASC)
                .limit(Page.MAX_LIMIT).build());
    }

    /** Every event stored, oldest first. */
    List<BusinessEvent> events() {
        return delegate().findEvents(EventQuery.builder().direction(SortDirection.ASC).limit(Page.MAX_LIMIT)
                .build());
    }

    /** Every metric point stored, by metric name, then oldest first. */
    List<MetricPoint> metrics() {
        return delegate().findMetricMetadata(null).stream().map(MetricMetadata::name).distinct()
                .flatMap(name -> delegate().findMetricPoints(MetricQuery.builder(name).limit(MetricQuery.MAX_LIMIT)
                        .build()).stream())
                .toList();
    }

    /** How many rows of the kind are delegate(). */
    long count(DataKind kind) {
        return delegate().rowCounts().get(kind);
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
        super.write(batch);
        batchSizes.add(batch.size());
        descriptions.addAll(batch.descriptions());
        alerts.addAll(batch.alerts());
        heartbeats.addAll(batch.heartbeats());
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        auditQueries.add(query);
        return super.findAudit(query);
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
