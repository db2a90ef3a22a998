package io.liteobs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The one source of time of a {@link LiteObs}: wall time (a {@link Clock}, which stamps entries and measures
 * retention ages) and monotonic time ({@link #nanoTime()}, which the flush schedule, retries, waits for a commit,
 * the drain deadline and retention's guard against a clock jumping forward are measured on), together with a way
 * to wait on the monotonic time. A test hands a {@link ManualClock} to the builders and moves time with
 * {@link ManualClock#advance(java.time.Duration)} instead of sleeping.
 *
 * <p>Called {@code LiteObsClock} rather than {@code Clock} so that it can be imported beside {@link Clock}.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
 * LiteObs obs = LiteObs.builder(store).clock(clock).build();
 * obs.metrics().record("queue.depth", 3);
 * clock.advance(WriterOptions.DEFAULT_FLUSH_INTERVAL);   // the writer commits the point now
 * }</pre>
 */
public abstract class LiteObsClock extends Clock {

    private static final LiteObsClock SYSTEM = new WithSystemNanoTime(Clock.systemUTC());

    /** For subclasses. */
    protected LiteObsClock() {
    }

    /**
     * The system clock in UTC, with {@link System#nanoTime()} as monotonic time.
     *
     * @return the system clock in UTC, with {@link System#nanoTime()} as monotonic time
     */
    public static LiteObsClock system() {
        return SYSTEM;
    }

    /**
     * {@code clock} itself when it is a {@code LiteObsClock}; otherwise wall time from {@code clock} and monotonic
     * time from {@link System#nanoTime()}.
     *
     * @param clock the wall clock, never null
     * @return {@code clock} itself when it is a {@code LiteObsClock}
     */
    public static LiteObsClock of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return clock instanceof LiteObsClock liteObsClock ? liteObsClock : new WithSystemNanoTime(clock);
    }

    /**
     * Monotonic time in nanoseconds: only differences between two readings mean something. Never goes back, and
     * does not follow the wall clock when it is set.
     *
     * @return monotonic time in nanoseconds
     */
    public abstract long nanoTime();

    /**
     * Parks the current thread until {@link #nanoTime()} reaches {@code deadlineNanos}, or until the thread is
     * unparked ({@link LockSupport#unpark(Thread)}) or interrupted, or for no reason at all, as
     * {@link LockSupport#parkNanos(Object, long)} may: callers check their condition again when this returns.
     *
     * @param blocker what the thread waits for, shown in thread dumps
     * @param deadlineNanos the {@link #nanoTime()} reading to park until
     */
    public abstract void parkUntil(Object blocker, long deadlineNanos);

    /** Wall time from a {@link Clock}, monotonic time from {@link System#nanoTime()}. */
    private static final class WithSystemNanoTime extends LiteObsClock {
        private final Clock wall;

        WithSystemNanoTime(Clock wall) {
            this.wall = wall;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(Object blocker, long deadlineNanos) {
            LockSupport.parkNanos(blocker, deadlineNanos - System.nanoTime());
        }

        @Override
        public ZoneId getZone() {
            return wall.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new WithSystemNanoTime(wall.withZone(zone));
        }

        @Override
        public Instant instant() {
            return wall.instant();
        }

        @Override
        public long millis() {
            return wall.millis();
        }

        @Override
        public String toString() {
            return "LiteObsClock[" + wall + ", System.nanoTime()]";
        }
    }
}
