package io.liteobs.internal;

import io.liteobs.LogResult;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.spi.WriteBatch;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jctools.queues.MpscArrayQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of one recorder and the counters that account for every entry offered to it. Recording
 * threads offer; one writer thread drains. Counting is lock-free: a recording call costs a validation, an
 * allocation, a striped counter increment and an array-queue offer. A call is counted once as it comes in
 * ({@code offered}) and once by how it ends: the queue's own count of entries it took, a drop, a rejection or a
 * write handed to the writer; no counter says that a call has left, so that a queued entry costs one counter
 * increment, not two, and a dropped one two, not three.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 *
 * @param <T> the entry type
 */
public final class RecordQueue<T> {

    private static final Rejection TOO_MANY_SERIES = new Rejection("labels", Rejection.Problem.TOO_MANY_SERIES);
    private static final Logger LOG = LoggerFactory.getLogger(RecordQueue.class);
    private static final long MAX_BLOCK_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The shortest time between two warnings of drops, or of rejections, from one queue. */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Rejections are warned of one by one this many times, so that the first mistakes are seen at once. */
    private static final int REJECTIONS_WARNED_AT_ONCE = 3;

    private final String component;
    private final MpscArrayQueue<T> queue;
    private final OverflowPolicy policy;
    private final long maxWaitNanos;
    private final Function<WriteBatch.Buffer, List<T>> slot;
    private final @Nullable Predicate<T> admission;
    private final Queue<PendingWrite<T>> pendingWrites = new ConcurrentLinkedQueue<>();
    /** Bounds the pending writes to the queue's capacity: a permit per pending write, returned when it is taken. */
    private final Semaphore pendingRoom;

    /**
     * Calls that came in. While it is larger than the calls that ended (see {@link #mayStillReceive()}), a recording
     * thread may still be about to add an entry, and the writer's final drain waits for it.
     */
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** The part of {@link #dropped} refused because the queue was closed; counted before {@code dropped}. */
    private final LongAdder droppedClosed = new LongAdder();
    /** Entries the recorder refused as invalid, on the recording thread. */
    private final LongAdder rejected = new LongAdder();
    /** Entries the admission check refused on the writer thread, after they were queued. */
    private final LongAdder rejectedOnAdmission = new LongAdder();
    /** Entries handed straight to the writer as pending writes, counted once they are in {@link #pendingWrites}. */
    private final LongAdder submitted = new LongAdder();
    private final AtomicLong persisted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    /** Why the latest entry was rejected; null until one is. */
    private volatile @Nullable Rejection latestRejection;

    // attach() sets it when the writer registers this queue, before anything can be offered
    @SuppressWarnings("NullAway.Init")
    private volatile BatchWriter writer;
    /** The writer wakes once this many entries wait: its batch size, or half the queue when that is smaller. */
    private volatile int wakeThreshold = 1;
    private volatile boolean closed;
    private final CountWarning dropWarning = new CountWarning(1, WARNING_INTERVAL_NANOS);
    private final CountWarning rejectionWarning = new CountWarning(REJECTIONS_WARNED_AT_ONCE, WARNING_INTERVAL_NANOS);

    /**
     * @param component the recorder's name in counters and logs
     * @param options   capacity, overflow policy and wait
     * @param slot      where this queue's entries go in a write batch
     * @param admission a last check run on the writer thread (the cardinality guard), or null
     */
    public RecordQueue(String component, RecorderOptions options, Function<WriteBatch.Buffer, List<T>> slot,
                       @Nullable Predicate<T> admission) {
        this.component = component;
        this.queue = new MpscArrayQueue<>(options.queueCapacity());
        this.pendingRoom = new Semaphore(queue.capacity());
        this.policy = options.overflowPolicy();
        this.maxWaitNanos = options.maxWait().toNanos();
        this.slot = slot;
        this.admission = admission;
    }

    public String component() {
        return component;
    }

    void attach(BatchWriter batchWriter, int batchSize) {
        this.wakeThreshold = Math.max(1, Math.min(batchSize, queue.capacity() / 2));
        this.writer = batchWriter;
    }

    /** Whether enough entries wait for the writer to write them without waiting for the flush interval. */
    boolean isWorthAWrite() {
        return queue.size() >= wakeThreshold;
    }

    // ---- recording threads ----

    /**
     * Queues a valid entry, applying the overflow policy when the queue is full. Never throws.
     *
     * @return whether the entry is queued (or, with {@code CALLER_WRITES}, committed or pending)
     */
    public boolean offer(T entry) {
        offered.increment();
        if (closed) {
            return dropClosed();
        }
        if (queue.offer(entry)) {
            writer.entryQueued(this);
            return true;
        }
        PendingWrite<T> pending;
        switch (policy) {
            case DROP:
                return drop();
            case BLOCK:
                return offerWithin(entry, maxWaitNanos);
            default:
                pending = submit(entry);
                if (pending == null) {
                    return drop();
                }
        }
        // CALLER_WRITES: the entry is the writer's now; the wait for its commit happens outside the recording call
        LogResult result = pending.await(writer.clock(), maxWaitNanos);
        return result == LogResult.COMMITTED || result == LogResult.TIMED_OUT;
    }

    /** Hands a valid entry straight to the writer and waits for its commit, up to the configured wait. */
    public LogResult writeAndWait(T entry) {
        offered.increment();
        if (closed) {
            dropClosed();
            return LogResult.CLOSED;
        }
        PendingWrite<T> pending = submit(entry);
        if (pending == null) {
            drop();
            return LogResult.DROPPED;
        }
        return pending.await(writer.clock(), maxWaitNanos);
    }

    /**
     * After close, counts an entry as offered and dropped without looking at it, so that a recorder can skip
     * validating, cleaning and redacting what it would throw away.
     *
     * @return whether the queue is closed and the entry was counted
     */
    public boolean dropIfClosed() {
        if (!closed) {
            return false;
        }
        offered.increment();
        dropClosed();
        return true;
    }

    /** Counts an entry refused as invalid by the recorder, and keeps why for the writer's warning. */
    public void reject(Rejection why) {
        latestRejection = why;
        offered.increment();
        rejected.increment();
    }

    /** Hands the entry to the writer; null when as many writes as the capacity wait already. */
    private @Nullable PendingWrite<T> submit(T entry) {
        if (!pendingRoom.tryAcquire()) {
            return null;
        }
        PendingWrite<T> pending = new PendingWrite<>(entry);
        pendingWrites.add(pending);
        // counted once it can be found: the call has ended, as far as the final drain is concerned
        submitted.increment();
        writer.wakeNow();
        return pending;
    }

    private boolean offerWithin(T entry, long waitNanos) {
        long deadline = writer.clock().nanoTime() + waitNanos;
        long park = 10_000;
        while (!closed) {
            writer.wakeNow();
            long remaining = deadline - writer.clock().nanoTime();
            if (remaining <= 0) {
                break;
            }
            // a poll for room, in real time: room comes from the writer, not from the clock; the deadline is the
            // clock's, so that a test moves past it by advancing the clock
            LockSupport.parkNanos(this, Math.min(park, remaining));
            park = Math.min(park * 2, MAX_BLOCK_PARK_NANOS);
            if (queue.offer(entry)) {
                return true;
            }
        }
        return closed ? dropClosed() : drop();
    }

    private boolean dropClosed() {
        droppedClosed.increment();
        dropped.increment();
        return false;
    }

    private boolean drop() {
        dropped.increment();
        // a full queue is reason enough to write now, whatever the batch size; the writer warns of the drop, so
        // that dropping costs the caller a counter increment, never a log line
        writer.wakeNow();
        return false;
    }

    // ---- writer thread ----

    /**
     * Warns of the entries dropped since the last warning, at most once per {@link #WARNING_INTERVAL_NANOS}: the
     * first drop at once, later ones with how many were dropped in between.
     */
    void warnOfDrops(long nowNanos) {
        long drops = droppedFull();
        long since = dropWarning.due(drops, nowNanos);
        if (since > 0) {
            LOG.warn("LiteObs {} queue is full ({} entries, overflow policy {}): {} entries dropped since the last"
                    + " warning, {} since start. The store is slower than the recording rate or unavailable; raise"
                    + " the queue capacity or lower the rate.", LogSafe.text(component), queue.capacity(), policy,
                    since, drops);
        }
    }

    /**
     * Warns of the entries rejected since the last warning, with why the latest was: the first
     * {@value #REJECTIONS_WARNED_AT_ONCE} times at once, then at most once per {@link #WARNING_INTERVAL_NANOS}.
     */
    void warnOfRejections(long nowNanos) {
        long rejections = rejected();
        long since = rejectionWarning.due(rejections, nowNanos);
        if (since > 0) {
            LOG.warn("LiteObs {} rejected {} entries since the last warning, {} since start; the latest because its"
                    + " {}. Rejected entries are not stored: fix the recording call (the guarantees page lists what is"
                    + " refused).", LogSafe.text(component), since, rejections, latestRejection);
        }
    }

    /** This queue's list in a batch. */
    List<T> slot(WriteBatch.Buffer batch) {
        return slot.apply(batch);
    }

    /** How many entries the queue holds at most: the configured capacity rounded up to a power of two. */
    public int capacity() {
        return queue.capacity();
    }

    /**
     * Entries dropped because the queue was full (or, for writes handed to the writer, because as many as the
     * capacity were waiting); those refused because the queue was closed are left out. Never counts one of those.
     */
    long droppedFull() {
        long all = dropped.sum();
        return all - droppedClosed.sum();
    }

    /** Entries in the queue, pending writes left out: a constant-time read for the hot path. */
    int queued() {
        return queue.size();
    }

    /** Entries waiting, pending writes included. */
    int waiting() {
        return queue.size() + pendingWrites.size();
    }

    /** Whether nothing is waiting and nothing is being written. */
    boolean isSettled() {
        return waiting() == 0 && inFlight.get() == 0;
    }

    boolean hasPendingWrites() {
        return !pendingWrites.isEmpty();
    }

    /**
     * Moves up to {@code max} entries into the batch, pending writes first, and records them in the section.
     *
     * @return the entries taken from the queue, those the admission check rejected included
     */
    int drainInto(WriteBatch.Buffer batch, int max, BatchSection<T> section) {
        section.begin(this, slot(batch));
        int taken = 0;
        PendingWrite<T> pending;
        while (taken < max && (pending = pendingWrites.poll()) != null) {
            pendingRoom.release();
            taken++;
            inFlight.incrementAndGet();
            if (admit(pending.entry)) {
                section.addPending(pending);
            } else {
                pending.complete(LogResult.REJECTED);
            }
        }
        taken += queue.drain(entry -> {
            inFlight.incrementAndGet();
            if (admit(entry)) {
                section.add(entry);
            }
        }, max - taken);
        return taken;
    }

    private boolean admit(T entry) {
        if (admission == null || admission.test(entry)) {
            return true;
        }
        inFlight.decrementAndGet();
        latestRejection = TOO_MANY_SERIES;
        rejectedOnAdmission.increment();
        return false;
    }

    /** Accounts for entries of a finished write. */
    void settle(long persistedCount, long failedCount) {
        persisted.addAndGet(persistedCount);
        failed.addAndGet(failedCount);
        inFlight.addAndGet(-(persistedCount + failedCount));
    }

    /** Stops intake: entries offered from now on are dropped and counted. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Whether a recording call may still add an entry: the queue is open, or a call that began before it closed
     * has not returned from adding yet. Once false, nothing can be added any more.
     */
    boolean mayStillReceive() {
        if (!closed) {
            return true;
        }
        // How the calls ended first: every call counted there was counted in 'offered' before, so the difference
        // never hides a call still inside; a call that comes in after 'closed' was set sees it and adds nothing.
        // The queue counts an entry when its slot is claimed, a moment before the entry is in it.
        long ended = queue.currentProducerIndex() + dropped.sum() + rejected.sum() + submitted.sum();
        return offered.sum() - ended > 0 || isFillingASlot();
    }

    /** Whether a recording call has claimed the queue's next slot and not put its entry in yet; writer only. */
    private boolean isFillingASlot() {
        return queue.relaxedPeek() == null && !queue.isEmpty();
    }

    /**
     * Counts everything still waiting as failed, once the writer has given up on it.
     *
     * @return the entries given up
     */
    long abandonRemaining() {
        long abandoned = 0;
        PendingWrite<T> pending;
        while ((pending = pendingWrites.poll()) != null) {
            pendingRoom.release();
            pending.complete(LogResult.FAILED);
            abandoned++;
        }
        // polled, not drained: a poll waits for an entry whose slot is claimed, where a drain would stop before it
        while (queue.poll() != null) {
            abandoned++;
        }
        failed.addAndGet(abandoned);
        return abandoned;
    }

    private long rejected() {
        return rejected.sum() + rejectedOnAdmission.sum();
    }

    /** A snapshot of the counters. */
    public RecorderStats stats() {
        // read the outcomes before the intake so that a concurrent recording can only make 'offered' larger
        long settledPersisted = persisted.get();
        long settledFailed = failed.get();
        long waiting = inFlight.get() + waiting();
        return new RecorderStats(component, offered.sum(), settledPersisted, dropped.sum(), rejected(),
                settledFailed, waiting);
    }
}
