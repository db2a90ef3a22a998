package io.liteobs;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread makes true, failing the test if it does not within the limit. The
 * project's one such helper: core's test jar carries it to the other modules' tests.
 *
 * <p>It looks again within microseconds at first, then less and less often, up to every {@link #LONGEST_PAUSE}: a
 * condition that comes true at once is seen at once, and one that takes seconds, or costs a query to ask, does not
 * keep a core busy.
 */
public final class Await {

    /** How long a wait lasts unless the caller says otherwise. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);
    /** The longest pause between two looks at the condition. */
    public static final Duration LONGEST_PAUSE = Duration.ofMillis(10);

    private static final long SHORTEST_PAUSE_NANOS = 1_000;

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_LIMIT} for the condition. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_LIMIT, condition);
    }

    /**
     * Waits up to {@code limit} for the condition.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError when the condition is still false after the limit
     */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pauseNanos = SHORTEST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit + " waiting for: " + what);
            }
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE.toNanos());
        }
    }
}
