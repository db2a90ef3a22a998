package io.liteobs;

import io.liteobs.common.internal.PeriodicTasks;
import io.liteobs.internal.Checks;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes data older than a {@link RetentionPolicy}, on demand ({@link #run()}) or on a schedule inside the
 * process: on a scheduler given to {@link #schedule(Duration, ScheduledExecutorService)} (a {@link LiteObs} gives
 * its own, {@link LiteObs#scheduler()}), or on a daemon thread of its own ({@link #schedule(Duration)}). Runs never
 * overlap.
 *
 * <p>Ages are measured so that a clock jumping forward, or already wrong when the process starts, never deletes
 * fresh data. A row of a kind is deleted only when it is older than the policy's age measured from the earliest of:
 * the clock's time; the clock's time when this {@code Retention} was made plus the time elapsed since on the clock's
 * monotonic time ({@link LiteObsClock#nanoTime()}); the newest row of any kind that the store held when this {@code
 * Retention} was made (a {@link LiteObs} makes its own when it is built, before it records anything) plus that same
 * elapsed time; and the newest row of that kind in the store. A wall clock that jumps forward, or a process that
 * starts with its clock far ahead and stamps its entries by it, therefore deletes nothing early: entries stamped
 * ahead of what the file held are not trusted, and a warning says so once. A clock that jumps back only delays
 * deletion, and so does a process that starts after the file was left unwritten for a long time: its first run
 * cannot tell a long stop from a clock that is ahead, and deletes only what the file's history shows is old. The
 * monotonic clock does not advance while the machine is suspended, which can only delay deletion too.
 *
 * <pre>{@code
 * RetentionResult result = liteObs.retention().run();
 * System.out.println(result.deleted());   // {METRICS=120000, HEARTBEATS=5760}
 * }</pre>
 */
public final class Retention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** The longest {@link #close()} waits for a run in progress to end its current chunk. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** How far the file's history may hold retention back before a warning says that stamps run ahead of it. */
    static final Duration HELD_BACK_WARNING = Duration.ofHours(1);

    private final ObservabilityStore store;
    private final RetentionPolicy policy;
    private final LiteObsClock clock;
    private final long anchorMillis;
    private final long anchorNanos;
    /** The newest row of any kind the store held when this was made; empty for an empty store. */
    private final OptionalLong heldAtStart;
    /** Held by a run: runs never overlap, and close waits for the one in progress. */
    private final ReentrantLock running = new ReentrantLock();
    /** The scheduled runs, once scheduled; guarded by this object's monitor. */
    private @Nullable PeriodicTasks tasks;
    private volatile boolean closed;
    /** Guarded by {@link #running}. */
    private boolean warnedHeldBack;

    private Retention(ObservabilityStore store, RetentionPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = LiteObsClock.of(clock);
        this.anchorMillis = clock.millis();
        this.anchorNanos = this.clock.nanoTime();
        this.heldAtStart = newestOfAnyKind(store);
    }

    private static OptionalLong newestOfAnyKind(ObservabilityStore store) {
        try {
            return Arrays.stream(DataKind.values()).map(store::newestTimestamp).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).max();
        } catch (RuntimeException e) {
            LOG.warn("Retention of {} cannot read the newest rows of the store ({}): entries stamped by a clock"
                    + " that was already ahead when the process started may look old", store.name(), e.toString());
            return OptionalLong.empty();
        }
    }

    /**
     * Retention of {@code store} by {@code policy}, ages measured on the system clock.
     *
     * @param store the store to delete from; it stays the caller's to close
     * @param policy how long each kind of row is kept, and how deletes are chunked
     * @return retention of {@code store} by {@code policy}, ages measured on the system clock
     */
    public static Retention of(ObservabilityStore store, RetentionPolicy policy) {
        return of(store, policy, LiteObsClock.system());
    }

    /**
     * Retention of {@code store} by {@code policy}, ages measured on {@code clock}; the guard against a clock
     * jumping forward, and the pause between chunks, on its monotonic time when it is a {@link LiteObsClock}.
     *
     * @param store the store to delete from; it stays the caller's to close
     * @param policy how long each kind of row is kept, and how deletes are chunked
     * @param clock the clock that ages are measured on
     * @return retention of {@code store} by {@code policy}, ages measured on {@code clock}
     */
    public static Retention of(ObservabilityStore store, RetentionPolicy policy, Clock clock) {
        return new Retention(store, policy, clock);
    }

    /**
     * The policy applied.
     *
     * @return the policy applied
     */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Deletes every row older than the policy allows, chunk by chunk, then hands the freed space back to the
     * file system. Waits for a run already going. After {@link #close()} it touches nothing and reports a run that
     * deleted nothing and did not complete.
     *
     * @return rows deleted per kind
     * @throws io.liteobs.spi.StoreException when the store fails
     */
    public RetentionResult run() {
        running.lock();
        try {
            if (closed) {
                return new RetentionResult(clock.instant(), Duration.ZERO, Map.of(), false);
            }
            return runLocked();
        } finally {
            running.unlock();
        }
    }

    private RetentionResult runLocked() {
        Instant startedAt = clock.instant();
        long started = clock.nanoTime();
        Map<DataKind, Long> deleted = new EnumMap<>(DataKind.class);
        Map<RollupTier, Long> rollupsDeleted = new EnumMap<>(RollupTier.class);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - anchorNanos);
        long now = Math.min(clock.millis(), anchorMillis + elapsedMillis);
        long history = heldAtStart.isPresent() ? heldAtStart.getAsLong() + elapsedMillis : Long.MAX_VALUE;
        // the tiers first: a store may roll up the metric points it is about to delete (the SQLite store's raw
        // minutes), and need not roll up what the tiers no longer keep
        for (Map.Entry<RollupTier, Duration> rule : policy.rollupMaxAge().entrySet()) {
            // a rollup bucket is as old as the newest metric point allows, like the raw points it sums up
            long cutoff = cutoff(DataKind.METRICS, rule.getValue(), now, history);
            rollupsDeleted.put(rule.getKey(),
                    deleteInChunks(maxRows -> store.deleteRollupsOlderThan(rule.getKey(), cutoff, maxRows)));
        }
        for (Map.Entry<DataKind, Duration> rule : policy.maxAge().entrySet()) {
            DataKind kind = rule.getKey();
            long cutoff = cutoff(kind, rule.getValue(), now, history);
            deleted.put(kind, deleteInChunks(maxRows -> store.deleteOlderThan(kind, cutoff, maxRows)));
        }
        boolean completed = !closed;
        boolean deletedAny = deleted.values().stream().anyMatch(rows -> rows > 0)
                || rollupsDeleted.values().stream().anyMatch(rows -> rows > 0);
        // once closed, the store is about to close: compacting now would hold its close up, or run on a closed store
        if (deletedAny && !closed) {
            store.compact();
        }
        return new RetentionResult(startedAt, Duration.ofNanos(clock.nanoTime() - started), deleted, rollupsDeleted,
                completed);
    }

    /** The cutoff for rows of a kind kept {@code age}, measured as the class comment says. */
    private long cutoff(DataKind kind, Duration age, long now, long history) {
        long stamps = Math.min(now, store.newestTimestamp(kind).orElse(Long.MAX_VALUE));
        warnOnceWhenHeldBack(kind, stamps, history);
        return Math.min(stamps, history) - age.toMillis();
    }

    /** Deletes chunk after chunk until one comes back short or retention is closed; returns the rows deleted. */
    private long deleteInChunks(IntToLongFunction deleteChunk) {
        long rows = 0;
        long chunk;
        do {
            if (closed) {
                break;
            }
            chunk = deleteChunk.applyAsLong(policy.chunkSize());
            rows += chunk;
            if (chunk == policy.chunkSize()) {
                pauseBetweenChunks();
            }
        } while (chunk == policy.chunkSize());
        return rows;
    }

    /** Lets other writers in between two chunks; an interrupt (close) ends the pause. */
    private void pauseBetweenChunks() {
        long until = clock.nanoTime() + policy.pauseBetweenChunks().toNanos();
        while (clock.nanoTime() - until < 0 && !Thread.currentThread().isInterrupted()) {
            clock.parkUntil(this, until);
        }
    }

    /** Says once why rows are kept that the clock and the stamps would have retention delete. */
    private void warnOnceWhenHeldBack(DataKind kind, long stamps, long history) {
        if (warnedHeldBack || stamps == Long.MAX_VALUE || stamps - history <= HELD_BACK_WARNING.toMillis()) {
            return;
        }
        warnedHeldBack = true;
        LOG.warn("Retention of {} measures ages from {}, not from {}: {} rows are stamped up to {} and the clock"
                + " agrees, but when this process started the store held nothing newer than {}. Either the clock was"
                + " ahead from the start, or nothing was written for that long; retention keeps the rows until the"
                + " file's history shows they are old. Check the clock; the rows stamped ahead keep their time.",
                store.name(), Instant.ofEpochMilli(history), Instant.ofEpochMilli(stamps), kind,
                Instant.ofEpochMilli(stamps), Instant.ofEpochMilli(heldAtStart.getAsLong()));
    }

    /**
     * Runs retention every {@code interval} on a daemon thread of its own,
     * {@code liteobs-scheduler-<store>-retention-1}, the first run after one interval; {@link #close()} stops the
     * thread. A failed run is logged and the schedule goes on.
     *
     * @param interval the time between two runs; positive
     * @return this retention
     * @throws IllegalStateException when already scheduled or closed
     */
    public Retention schedule(Duration interval) {
        return schedule(interval, null);
    }

    /**
     * Runs retention every {@code interval} on {@code scheduler}, the first run after one interval; {@link #close()}
     * cancels the runs and leaves the scheduler running. A failed run is logged and the schedule goes on.
     *
     * @param interval the time between two runs; positive
     * @param scheduler the scheduler to run on; null for a daemon thread of its own, as {@link #schedule(Duration)}
     * @return this retention
     * @throws IllegalStateException when already scheduled or closed
     */
    public synchronized Retention schedule(Duration interval, @Nullable ScheduledExecutorService scheduler) {
        Checks.positive("interval", interval);
        if (tasks != null || closed) {
            throw new IllegalStateException("retention of " + store.name() + " is already scheduled or closed");
        }
        tasks = PeriodicTasks.on(scheduler, "liteobs-scheduler-" + store.name() + "-retention");
        tasks.withFixedDelay("retention of " + store.name(), interval, this::runAndLog);
        return this;
    }

    private void runAndLog() {
        RetentionResult result = run();
        LOG.info("Retention of {} deleted {} rows in {} ms: {}", store.name(), result.totalDeleted(),
                result.took().toMillis(), result.deleted());
    }

    /**
     * Stops the schedule, and waits until a run in progress has stopped after its current chunk (or its compaction),
     * at most {@link #CLOSE_WAIT}; so that the store can be closed next. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        // real time, not the clock's: close is bounded even on a clock that nobody moves; the deadline covers the
        // wait for the schedule to stop too
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        PeriodicTasks toStop;
        synchronized (this) {
            toStop = tasks;
        }
        if (toStop != null) {
            // interrupts a run in progress: the interrupt ends a pause between chunks, and a busy wait of the store
            toStop.close();
        }
        boolean interrupted = false;
        boolean stopped = false;
        while (true) {
            try {
                stopped = running.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (stopped) {
            running.unlock();
        } else {
            LOG.warn("Retention of {} is still running {} ms after close began; the store may be closed under it",
                    store.name(), CLOSE_WAIT.toMillis());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
