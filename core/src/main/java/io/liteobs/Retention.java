package io.liteobs;

import io.liteobs.common.internal.DaemonThreads;
import io.liteobs.internal.Checks;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes data older than a {@link RetentionPolicy}, on demand ({@link #run()}) or on a schedule inside the
 * process ({@link #schedule(Duration)}, on the daemon thread {@code liteobs-retention-<store>}). Runs never overlap.
 *
 * <p>Ages are measured so that a clock jumping forward never deletes fresh data. A row of a kind is deleted only
 * when it is older than the policy's age measured both from the present and from the newest row of that kind in
 * the store; and the present is the earlier of the clock's time and the clock's time when this {@code Retention}
 * was made plus the time elapsed since on the monotonic clock. A wall clock that jumps forward (or a machine that
 * boots with its clock far ahead) therefore deletes nothing early; a clock that jumps back only delays deletion. The
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

    private final ObservabilityStore store;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final long anchorMillis;
    private final long anchorNanos;
    /** Held by a run: runs never overlap, and close waits for the one in progress. */
    private final ReentrantLock running = new ReentrantLock();
    private volatile @Nullable ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private Retention(ObservabilityStore store, RetentionPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.anchorMillis = clock.millis();
        this.anchorNanos = System.nanoTime();
    }

    /** Retention of {@code store} by {@code policy}, ages measured on the system clock. */
    public static Retention of(ObservabilityStore store, RetentionPolicy policy) {
        return of(store, policy, Clock.systemUTC());
    }

    /** Retention of {@code store} by {@code policy}, ages measured on {@code clock}. */
    public static Retention of(ObservabilityStore store, RetentionPolicy policy, Clock clock) {
        return new Retention(store, policy, clock);
    }

    /** The policy applied. */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Deletes every row older than the policy allows, chunk by chunk, then hands the freed space back to the
     * file system. Waits for a run already going. After {@link #close()} it deletes nothing.
     *
     * @return rows deleted per kind
     * @throws io.liteobs.spi.StoreException when the store fails
     */
    public RetentionResult run() {
        running.lock();
        try {
            return runLocked();
        } finally {
            running.unlock();
        }
    }

    private RetentionResult runLocked() {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Map<DataKind, Long> deleted = new EnumMap<>(DataKind.class);
        boolean completed = true;
        long now = present();
        for (Map.Entry<DataKind, Duration> rule : policy.maxAge().entrySet()) {
            long age = rule.getValue().toMillis();
            OptionalLong newest = store.newestTimestamp(rule.getKey());
            long cutoff = Math.min(now, newest.orElse(Long.MAX_VALUE)) - age;
            long rows = 0;
            long chunk;
            do {
                if (closed) {
                    completed = false;
                    break;
                }
                chunk = store.deleteOlderThan(rule.getKey(), cutoff, policy.chunkSize());
                rows += chunk;
                if (chunk == policy.chunkSize()) {
                    LockSupport.parkNanos(policy.pauseBetweenChunks().toNanos());
                }
            } while (chunk == policy.chunkSize());
            deleted.put(rule.getKey(), rows);
        }
        if (deleted.values().stream().anyMatch(rows -> rows > 0)) {
            if (closed) {
                // the store is about to close: compacting now would hold its close up, or run on a closed store
                completed = false;
            } else {
                store.compact();
            }
        }
        return new RetentionResult(startedAt, Duration.ofNanos(System.nanoTime() - started), deleted, completed);
    }

    /** The present for ages: the clock's time, but never later than the monotonic estimate from the anchor. */
    private long present() {
        long monotonic = anchorMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - anchorNanos);
        return Math.min(clock.millis(), monotonic);
    }

    /**
     * Runs retention every {@code interval}, the first run after one interval. A failed run is logged and the
     * schedule goes on.
     *
     * @throws IllegalStateException when already scheduled or closed
     */
    public synchronized Retention schedule(Duration interval) {
        Checks.positive("interval", interval);
        if (scheduler != null || closed) {
            throw new IllegalStateException("retention of " + store.name() + " is already scheduled or closed");
        }
        scheduler = DaemonThreads.scheduler("liteobs-retention-" + store.name());
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void runSafely() {
        try {
            RetentionResult result = run();
            LOG.info("Retention of {} deleted {} rows in {} ms: {}", store.name(), result.totalDeleted(),
                    result.took().toMillis(), result.deleted());
        } catch (RuntimeException e) {
            // an exception escaping a scheduled task would cancel every later run
            LOG.error("Retention of {} failed; the next run is on schedule", store.name(), e);
        }
    }

    /**
     * Stops the schedule, and waits until a run in progress has stopped after its current chunk (or its compaction),
     * at most {@link #CLOSE_WAIT}; so that the store can be closed next. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService toStop;
        synchronized (this) {
            toStop = scheduler;
        }
        if (toStop != null) {
            // the interrupt ends a pause between chunks, and a busy wait of the store
            toStop.shutdownNow();
        }
        boolean interrupted = false;
        boolean stopped = false;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
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
