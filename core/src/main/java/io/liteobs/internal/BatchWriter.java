package io.liteobs.internal;

import io.liteobs.LiteObsClock;
import io.liteobs.LogResult;
import io.liteobs.SystemAlert;
import io.liteobs.WriterOptions;
import io.liteobs.common.internal.DaemonThreads;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.ThrottledLogger;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves entries from the recorders' queues into the store. It wakes when a queue reaches the
 * batch size (or half its capacity, if smaller) or drops an entry, when a caller waits for a commit, or when the
 * flush interval has passed, whichever comes first
 * (the interval is measured on the clock's monotonic time), and writes everything it drained in one transaction.
 * Only the first caller to find it parked wakes it; callers never log: the writer warns of their drops.
 *
 * <p>What follows a failed write is the {@link RetryPolicy}'s to say: a store that cannot write for now (locked,
 * disk full) gets the same batch again after a growing pause while the queues absorb new entries and drop what
 * does not fit; a batch whose content the store refuses is written entry by entry, so that one bad entry fails
 * alone. The thread never dies of a store error.
 *
 * <p>{@link #close()} is bounded: should the store still be busy at the drain deadline (SQLite waiting out
 * another process's lock for longer than the drain timeout, say), the writer thread is interrupted, which ends
 * SQLite's busy wait, and what it could not write is counted as failed and logged with its exact number.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FLUSH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The longest the final drain waits for recording calls that were already adding when the queues closed. */
    private static final long LAST_CALLS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long LAST_CALLS_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** How one attempt to write a batch ended, after retries. */
    private enum Outcome { COMMITTED, REFUSED, GAVE_UP }

    private final ObservabilityStore store;
    private final RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private final int batchSize;
    private final int maxBatchSize;
    private final long flushIntervalNanos;
    private final long drainTimeoutNanos;
    private final List<RecordQueue<?>> queues = new CopyOnWriteArrayList<>();
    private final List<BatchSection<?>> sections = new ArrayList<>();
    private final WriteBatch.Buffer batch = WriteBatch.buffer();
    private final WriteBatch.Buffer single = WriteBatch.buffer();
    private final ThrottledLogger storeWarnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final ThrottledLogger storeErrors = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final ThrottledLogger storeBugs = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final List<DropAlarm> alarms = new CopyOnWriteArrayList<>();
    /** Entries given up while closing, by component, besides those still queued; writer thread only. */
    private final Map<String, Long> givenUpClosing = new LinkedHashMap<>();
    private final LiteObsClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    /**
     * Set by the writer before it parks; cleared by the one caller that wakes it, so that the callers that come
     * after it, until the writer parks again, do not pay for another {@link LockSupport#unpark}.
     */
    private final AtomicBoolean parked = new AtomicBoolean();
    /** Wake-ups sent by callers: at most one per park. */
    private final LongAdder wakeUps = new LongAdder();
    private volatile boolean flushRequested;
    /** Writer cycles (drain and write) begun so far; written by the writer thread only. */
    private volatile long cyclesBegun;
    /** The latest cycle that ended with every queue empty and nothing in flight; written by the writer only. */
    private volatile long lastSettledCycle;
    private volatile boolean stopping;
    private volatile long drainDeadline;
    /** Why the writer cannot write, and since when; null while it can. One field, so that it reads consistently. */
    private volatile @Nullable Failure failure;
    /** Sections of the batch being written, settled or not; writer thread only. */
    private int sectionsInBatch;
    /** Why the store last refused a batch's content; read and written by the writer thread only. */
    private @Nullable String lastRefusal;

    public BatchWriter(ObservabilityStore store, WriterOptions options, String threadName) {
        this(store, options, threadName, LiteObsClock.system());
    }

    /**
     * @param clock its wall time tells when a failure began, for {@link #failingSinceMillis()}; the flush schedule,
     *              retry pauses, flush timeouts and the drain deadline run on its monotonic time
     */
    public BatchWriter(ObservabilityStore store, WriterOptions options, String threadName, LiteObsClock clock) {
        this.store = store;
        this.clock = clock;
        this.batchSize = options.batchSize();
        this.maxBatchSize = options.maxBatchSize();
        this.flushIntervalNanos = options.flushInterval().toNanos();
        this.drainTimeoutNanos = options.drainTimeout().toNanos();
        // the schedule starts now, not when the thread gets to run: a clock advanced meanwhile counts
        long firstFlush = clock.nanoTime() + flushIntervalNanos;
        this.thread = DaemonThreads.newThread(threadName, () -> run(firstFlush));
        thread.start();
    }

    /** The clock this writer's schedule and deadlines run on, which its queues wait on too. */
    LiteObsClock clock() {
        return clock;
    }

    /** Adds a queue to drain; its entries go into every following batch. */
    public <T> RecordQueue<T> register(RecordQueue<T> queue) {
        queue.attach(this, batchSize);
        queues.add(queue);
        if (closed.get()) {
            // registered while or after the writer closed: nothing would drain it
            queue.close();
        }
        return queue;
    }

    /** Raises alerts for the drops of a queue, in the batches of this writer. */
    public void addAlarm(DropAlarm alarm) {
        alarms.add(alarm);
    }

    /**
     * Why a writer cannot write, read in one piece.
     *
     * @param reason      what to tell an operator
     * @param cause       the store's last failure, or null when the writer thread has stopped
     * @param sinceMillis epoch milliseconds of the first failure of the current run of failures
     */
    public record Failure(@Nullable String reason, @Nullable StoreException cause, long sinceMillis) {
    }

    /**
     * Whether the latest write attempt failed because the store could not write, or the writer thread is gone;
     * cleared by the next commit.
     */
    public boolean degraded() {
        return failure() != null;
    }

    /** Why the writer cannot write now, or null when it can (or has been closed). */
    public @Nullable Failure failure() {
        Failure current = failure;
        if (current == null && !thread.isAlive() && !closed.get() && thread.getState() == Thread.State.TERMINATED) {
            return new Failure("the writer thread of " + store.name() + " has stopped", null, clock.millis());
        }
        return current;
    }

    /** Epoch milliseconds of the first failure of the current run of failures; meaningless when not degraded. */
    public long failingSinceMillis() {
        Failure current = failure();
        return current == null ? 0 : current.sinceMillis();
    }

    /** The failure that made the writer degraded, or null. */
    public @Nullable StoreException lastFailure() {
        Failure current = failure;
        return current == null ? null : current.cause();
    }

    /**
     * Writes everything queued now without waiting for the flush interval, and waits until a writer cycle that began
     * after this call ends with the queues empty and nothing in flight, or the timeout passes. Entries recorded
     * meanwhile are written too, so under steady recording this may wait the whole timeout.
     *
     * @return whether every entry queued before the call has been written or given up on (committed, or counted as
     *         failed because the store refused it or cannot take it), within the timeout
     */
    public boolean flush(Duration timeout) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        flushRequested = true;
        // the queues' state is only consistent on the writer thread, between cycles: a drain takes an entry from
        // a queue a moment before it counts it in flight, so only a cycle begun after this one can answer
        long begunBefore = cyclesBegun;
        while (true) {
            if (lastSettledCycle > begunBefore) {
                return true;
            }
            if (!thread.isAlive()) {
                // no writer left to move anything: what the queues hold now is final
                return lastSettledCycle > begunBefore || queues.stream().allMatch(RecordQueue::isSettled);
            }
            if (clock.nanoTime() - deadline >= 0) {
                return false;
            }
            flushRequested = true;
            wakeNow();
            // a poll for the writer's progress, in real time: what it waits for does not depend on the clock
            LockSupport.parkNanos(this, FLUSH_POLL_NANOS);
        }
    }

    // ---- called by recording threads ----

    /**
     * Wakes the writer when a queue holds a batch (or half its capacity, if smaller). The writer's flag is read first:
     * while it is busy writing, or a wake-up is already on its way, callers do not read the queue's size, whose
     * counters another core keeps changing.
     */
    void entryQueued(RecordQueue<?> queue) {
        if (parked.get() && queue.isWorthAWrite()) {
            wake();
        }
    }

    /** Wakes the writer now: a caller waits. */
    void wakeNow() {
        if (parked.get()) {
            wake();
        }
    }

    /** Unparks the writer if no other caller has since it parked: one wake-up per park. */
    private void wake() {
        if (parked.compareAndSet(true, false)) {
            wakeUps.increment();
            LockSupport.unpark(thread);
        }
    }

    /** How many times callers have woken the writer; for tests of the wake-up rule. */
    long wakeUps() {
        return wakeUps.sum();
    }

    // ---- the writer thread ----

    private void run(long firstFlush) {
        try {
            loop(firstFlush);
        } catch (Throwable e) {
            // an Error (out of memory, a linkage error in the store): the thread cannot go on, but what it holds is
            // settled first, so that no caller waits in vain and the counters balance
            dying(e);
            throw e;
        }
        abandonRemaining();
    }

    private void dying(Throwable e) {
        Failure previous = failure;
        failure = new Failure("the writer thread of " + store.name() + " has stopped: " + e,
                previous == null ? null : previous.cause(), previous == null ? clock.millis() : previous.sinceMillis());
        try {
            queues.forEach(RecordQueue::close);
            long failedInBatch = 0;
            for (int i = 0; i < sectionsInBatch; i++) {
                failedInBatch += sections.get(i).settleRest(LogResult.FAILED);
            }
            sectionsInBatch = 0;
            LOG.error("LiteObs writer {} stops: {}; {} entries being written and every entry still queued are"
                    + " counted as failed, and recording is refused from now on", thread.getName(), e, failedInBatch);
            abandonRemaining();
        } catch (RuntimeException | Error again) {
            e.addSuppressed(again);
        }
    }

    private void loop(long firstFlush) {
        long nextFlush = firstFlush;
        // a store may have work left from before it opened (a file of an older release): looked at before parking
        boolean catchUpLeft = true;
        boolean idleWorkLeft = true;
        while (true) {
            if (!stopping && !urgent()) {
                if (catchUpLeft) {
                    catchUpLeft = catchUpSafely();
                    continue;
                }
                if (nextFlush - clock.nanoTime() > 0) {
                    if (idleWorkLeft) {
                        idleWorkLeft = workWhileIdleSafely();
                    } else {
                        parkUnlessUrgent(nextFlush);
                    }
                    continue;
                }
            }
            nextFlush = clock.nanoTime() + flushIntervalNanos;
            // read before draining: once every queue is closed and no recording call is still adding, a drain
            // that finds nothing means nothing is left, nor can arrive
            boolean lastCallsDone = stopping && !anyMayStillReceive();
            long cycle = cyclesBegun + 1;
            cyclesBegun = cycle;
            // cleared before draining: a flush requested from now on gets another cycle
            flushRequested = false;
            int written = writeBatch();
            // what a batch wrote may leave work for idle time
            idleWorkLeft |= written > 0;
            if (allSettled()) {
                lastSettledCycle = cycle;
            }
            if (!stopping) {
                // one step after every cycle, so that the store's work left for later advances under a steady load too
                catchUpLeft = catchUpSafely();
            }
            if (stopping) {
                if ((written == 0 && lastCallsDone) || clock.nanoTime() - drainDeadline > 0) {
                    break;
                }
                if (written == 0) {
                    // a recording call that began before close is still adding: give it a moment
                    LockSupport.parkNanos(this, LAST_CALLS_POLL_NANOS);
                }
            }
        }
    }

    private boolean allSettled() {
        for (RecordQueue<?> queue : queues) {
            if (!queue.isSettled()) {
                return false;
            }
        }
        return true;
    }

    private boolean anyMayStillReceive() {
        for (RecordQueue<?> queue : queues) {
            if (queue.mayStillReceive()) {
                return true;
            }
        }
        return false;
    }

    /** Waits, bounded, until no recording call can add to a queue any more. */
    private void awaitLastCalls() {
        long deadline = clock.nanoTime() + LAST_CALLS_WAIT_NANOS;
        while (anyMayStillReceive()) {
            if (clock.nanoTime() - deadline > 0) {
                LOG.warn("LiteObs writer {} stops while a recording call is still adding an entry; it may stay"
                        + " unaccounted for", thread.getName());
                return;
            }
            LockSupport.parkNanos(this, LAST_CALLS_POLL_NANOS);
        }
    }

    private void parkUnlessUrgent(long deadlineNanos) {
        parked.set(true);
        try {
            // checked again after 'parked' is visible, so that a wake-up sent meanwhile is not lost
            if (!urgent() && !stopping) {
                clock.parkUntil(this, deadlineNanos);
            }
        } finally {
            parked.set(false);
        }
    }

    private boolean urgent() {
        if (flushRequested) {
            return true;
        }
        for (RecordQueue<?> queue : queues) {
            if (queue.hasPendingWrites() || queue.isWorthAWrite()) {
                return true;
            }
        }
        return false;
    }

    /** Drains every queue into one batch and writes it; returns the number of entries taken. */
    private int writeBatch() {
        batch.clear();
        long now = clock.nanoTime();
        warnOfDropsAndRejections(now);
        for (DropAlarm alarm : alarms) {
            SystemAlert alert = pollSafely(alarm, now, stopping);
            if (alert != null) {
                batch.alerts().add(alert);
            }
        }
        int taken = 0;
        int index = 0;
        for (RecordQueue<?> queue : queues) {
            taken += drain(queue, sectionAt(index++));
        }
        if (batch.size() == 0) {
            return taken;
        }
        sectionsInBatch = index;
        Outcome outcome = write(batch);
        if (outcome == Outcome.REFUSED) {
            writeAlertsAlone();
            writeOneByOne(index);
        } else {
            if (outcome == Outcome.GAVE_UP && !batch.alerts().isEmpty()) {
                LOG.error("LiteObs could not store {} system alert(s) in {}: {}", batch.alerts().size(),
                        store.name(), batch.alerts().stream().map(SystemAlert::message).toList());
            }
            LogResult result = outcome == Outcome.COMMITTED ? LogResult.COMMITTED : LogResult.FAILED;
            for (int i = 0; i < index; i++) {
                BatchSection<?> section = sections.get(i);
                if (outcome == Outcome.GAVE_UP) {
                    countGivenUp(section, section.count());
                }
                section.settleAll(result);
            }
        }
        sectionsInBatch = 0;
        return taken;
    }

    /**
     * One step of the store's work left for later ({@link ObservabilityStore#catchUp}); a failure is logged
     * (throttled) and left for the next cycle to try again, never the end of the writer thread.
     *
     * @return whether more is left
     */
    private boolean catchUpSafely() {
        try {
            return store.catchUp();
        } catch (RuntimeException e) {
            storeWarnings.warn("Store {} could not catch up on its work left for later; it tries again after the next"
                    + " batch: {}", store.name(), LogSafe.text(e.getMessage()));
            return false;
        }
    }

    /**
     * One step of the store's work for idle time ({@link ObservabilityStore#workWhileIdle}); a failure is logged
     * (throttled) and left until a batch has been written again.
     *
     * @return whether more is left
     */
    private boolean workWhileIdleSafely() {
        try {
            return store.workWhileIdle();
        } catch (RuntimeException e) {
            storeWarnings.warn("Store {} could not do its work for idle time; it tries again after the next batch: {}",
                    store.name(), LogSafe.text(e.getMessage()));
            return false;
        }
    }

    /** Logs the drops and rejections of every queue, throttled per queue: callers only count them. */
    private void warnOfDropsAndRejections(long nowNanos) {
        for (RecordQueue<?> queue : queues) {
            queue.warnOfDrops(nowNanos);
            queue.warnOfRejections(nowNanos);
        }
    }

    /** The alarm's alert; an exception in it is logged (throttled), never the end of the writer thread. */
    private @Nullable SystemAlert pollSafely(DropAlarm alarm, long nowNanos, boolean force) {
        try {
            return alarm.poll(nowNanos, force);
        } catch (RuntimeException e) {
            if (storeErrors.tryAcquire()) {
                LOG.error("LiteObs could not raise a drop alert", e);
            }
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> int drain(RecordQueue<T> queue, BatchSection<?> section) {
        return queue.drainInto(batch, maxBatchSize, (BatchSection<T>) section);
    }

    private BatchSection<?> sectionAt(int index) {
        if (index == sections.size()) {
            sections.add(new BatchSection<>());
        }
        return sections.get(index);
    }

    private void writeAlertsAlone() {
        if (batch.alerts().isEmpty()) {
            return;
        }
        single.clear();
        single.alerts().addAll(batch.alerts());
        if (write(single) != Outcome.COMMITTED) {
            LOG.error("LiteObs could not store {} system alert(s) in {}: {}", single.alerts().size(), store.name(),
                    single.alerts().stream().map(SystemAlert::message).toList());
        }
    }

    /** Counts entries given up while closing, so that the final message says how many could not be persisted. */
    private void countGivenUp(BatchSection<?> section, int count) {
        if (stopping && count > 0) {
            givenUpClosing.merge(section.component(), (long) count, Long::sum);
        }
    }

    private void writeOneByOne(int sectionCount) {
        for (int s = 0; s < sectionCount; s++) {
            BatchSection<?> section = sections.get(s);
            for (int i = 0; i < section.count(); i++) {
                single.clear();
                section.copyEntry(i, single);
                Outcome outcome = write(single);
                if (outcome == Outcome.REFUSED) {
                    storeWarnings.warn("Store {} refused a {} entry; it is counted as failed: {}", store.name(),
                            section.component(), lastRefusal);
                } else if (outcome == Outcome.GAVE_UP) {
                    countGivenUp(section, 1);
                }
                section.settleOne(i, outcome == Outcome.COMMITTED ? LogResult.COMMITTED : LogResult.FAILED);
            }
        }
    }

    /** Writes the batch, waiting out an unavailable store; gives up only when closing past the drain deadline. */
    private Outcome write(WriteBatch.Buffer toWrite) {
        for (int attempt = 0; ; attempt++) {
            try {
                store.write(toWrite.batch());
                if (failure != null) {
                    LOG.info("Store {} is writable again", store.name());
                    failure = null;
                }
                return Outcome.COMMITTED;
            } catch (StoreException e) {
                switch (retryPolicy.onFailure(e.kind())) {
                    case WRITE_ONE_BY_ONE -> {
                        lastRefusal = LogSafe.text(e.getMessage());
                        return Outcome.REFUSED;
                    }
                    case GIVE_UP -> {
                        failing(e);
                        storeErrors.warn("Store {} cannot take the {} entries waiting to be written; they are"
                                + " counted as failed: {}", store.name(), toWrite.size(), LogSafe.text(e.getMessage()));
                        return Outcome.GAVE_UP;
                    }
                    case RETRY -> {
                        failing(e);
                        storeWarnings.warn("Store {} cannot write now, retrying the batch of {} entries: {}",
                                store.name(), toWrite.size(), LogSafe.text(e.getMessage()));
                        if (!pauseBeforeRetry(attempt)) {
                            return Outcome.GAVE_UP;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // not a StoreException: a bug in the store; writing entry by entry limits what it costs
                lastRefusal = LogSafe.text(e);
                storeBugs.error("Store {} failed unexpectedly writing {} entries; they are written one by one, and"
                        + " those that fail again are counted as failed", store.name(), toWrite.size(),
                        LogSafe.throwable(e));
                return Outcome.REFUSED;
            }
        }
    }

    private void failing(StoreException e) {
        Failure previous = failure;
        failure = new Failure(e.getMessage(), e, previous == null ? clock.millis() : previous.sinceMillis());
    }

    /** Pauses before another attempt; false when closing and the drain deadline does not leave time for one. */
    private boolean pauseBeforeRetry(int attempt) {
        long pause = retryPolicy.backoff(attempt).toNanos();
        long until = clock.nanoTime() + pause;
        if (stopping && until - drainDeadline > 0) {
            return false;
        }
        // the queues fill and drop while the store is waited out: say so now, not when it is back
        warnOfDropsAndRejections(clock.nanoTime());
        clock.parkUntil(this, until);
        return true;
    }

    private void abandonRemaining() {
        awaitLastCalls();
        warnOfDropsAndRejections(clock.nanoTime());
        // drops not alerted yet (the last batch could not be written in time): poll logs them at least
        for (DropAlarm alarm : alarms) {
            pollSafely(alarm, clock.nanoTime(), true);
        }
        long total = 0;
        for (RecordQueue<?> queue : queues) {
            long lost = queue.abandonRemaining() + givenUpClosing.getOrDefault(queue.component(), 0L);
            if (lost > 0) {
                total += lost;
                LOG.error("LiteObs could not persist {} {} entries into {} within the drain timeout of {} ms;"
                        + " they are counted as failed", lost, queue.component(), store.name(),
                        TimeUnit.NANOSECONDS.toMillis(drainTimeoutNanos));
            }
        }
        if (total > 0) {
            LOG.error("LiteObs could not persist {} entries in all into {} within the drain timeout of {} ms{}", total,
                    store.name(), TimeUnit.NANOSECONDS.toMillis(drainTimeoutNanos),
                    failure == null ? "" : ": " + failure.reason());
        }
    }

    /**
     * Stops the writer after it has written what is queued, or after the drain timeout. Close the queues first
     * so that nothing new arrives. Idempotent; waits at most the drain timeout and a second of grace.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // the recorders close their queues first; a queue left open would take entries no one drains
            queues.forEach(RecordQueue::close);
            drainDeadline = clock.nanoTime() + drainTimeoutNanos;
            stopping = true;
            LockSupport.unpark(thread);
        }
        awaitThread();
    }

    private void awaitThread() {
        long deadline = drainDeadline + CLOSE_GRACE_NANOS;
        boolean interrupted = false;
        boolean nudged = false;
        while (thread.isAlive()) {
            long now = clock.nanoTime();
            if (!nudged && now - drainDeadline >= 0) {
                // The store has not returned by the drain deadline: an interrupt ends SQLite's busy wait (and any
                // interruptible I/O), so that the writer gives up on what is left and counts it.
                thread.interrupt();
                nudged = true;
            }
            long remaining = (nudged ? deadline : drainDeadline) - now;
            if (nudged && remaining <= 0) {
                LOG.error("LiteObs writer {} is still busy {} ms after close began; the store did not return",
                        thread.getName(), TimeUnit.NANOSECONDS.toMillis(drainTimeoutNanos + CLOSE_GRACE_NANOS));
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
