package io.liteobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that moves only when told to, for tests: {@link #advance(Duration)} moves wall and monotonic time
 * together and wakes every thread waiting on this clock (the writer's flush schedule, a retry pause, a caller
 * waiting for a commit, retention's pause between chunks), which then sees whether its time has come;
 * {@link #jump(Duration)} sets the wall clock alone, as an operator or NTP does.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
 * MetricsManager metrics = MetricsManager.builder(store).clock(clock).build();
 * metrics.record("m", 1);
 * clock.advance(WriterOptions.DEFAULT_FLUSH_INTERVAL);   // the flush interval has passed: the point is written
 * }</pre>
 *
 * <p>A thread waiting on this clock waits until the clock is advanced past its deadline, or it is unparked or
 * interrupted: a wait that no test advances past does not end by itself.
 */
public final class ManualClock extends LiteObsClock {

    /** Shared by the copies {@link #withZone(ZoneId)} makes, so that they all move together. */
    private static final class Time {
        final AtomicLong wallNanos;
        final AtomicLong monotonicNanos = new AtomicLong();
        final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

        Time(Instant start) {
            this.wallNanos = new AtomicLong(Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000_000L),
                    start.getNano()));
        }
    }

    private final Time time;
    private final ZoneId zone;

    /**
     * A clock at {@code start} in UTC, its monotonic time at 0.
     *
     * @param start the wall time to begin with, never null
     */
    public ManualClock(Instant start) {
        this(new Time(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ManualClock(Time time, ZoneId zone) {
        this.time = time;
        this.zone = zone;
    }

    /**
     * Moves wall and monotonic time forward by {@code duration} and wakes the threads waiting on this clock.
     *
     * @param duration zero or more: monotonic time never goes back
     * @return this clock
     */
    public ManualClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance must be zero or more, not " + duration
                    + ": monotonic time never goes back; use jump to set the wall clock back");
        }
        long nanos = duration.toNanos();
        time.wallNanos.addAndGet(nanos);
        time.monotonicNanos.addAndGet(nanos);
        // after the time has moved: a waiter that registered before reads the new time or gets this unpark
        time.waiting.forEach(LockSupport::unpark);
        return this;
    }

    /**
     * Moves the wall time alone, forward or back, as a wall clock set by an operator or by NTP does; monotonic time
     * and the threads waiting on it do not move.
     *
     * @param duration how far to move the wall time; negative moves it back
     * @return this clock
     */
    public ManualClock jump(Duration duration) {
        time.wallNanos.addAndGet(duration.toNanos());
        return this;
    }

    /**
     * How many threads wait on this clock now. A thread computes its deadline before it waits: a test that is to
     * advance past a deadline that another thread has yet to compute (a retry's pause, say) waits for that thread
     * to wait first, or the advance may come before the deadline and leave the thread waiting for the next one.
     *
     * @return how many threads wait on this clock now
     */
    public int waiting() {
        return time.waiting.size();
    }

    @Override
    public long nanoTime() {
        return time.monotonicNanos.get();
    }

    @Override
    public void parkUntil(Object blocker, long deadlineNanos) {
        Thread current = Thread.currentThread();
        time.waiting.add(current);
        try {
            // read after registering: an advance either came before this read or unparks this thread
            if (nanoTime() - deadlineNanos < 0) {
                LockSupport.park(blocker);
            }
        } finally {
            time.waiting.remove(current);
        }
    }

    @Override
    public Instant instant() {
        long nanos = time.wallNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return Math.floorDiv(time.wallNanos.get(), 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone, moving with it. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new ManualClock(time, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + ", nanoTime " + nanoTime() + "]";
    }
}
