package io.liteobs.internal;

import io.liteobs.LogResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An entry whose caller waits for its commit: a synchronous write, or {@code CALLER_WRITES} on a full queue.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
final class PendingWrite<T> {

    final T entry;
    private final CountDownLatch done = new CountDownLatch(1);
    // complete() sets it before it opens the latch, and await() reads it only once the latch is open
    @SuppressWarnings("NullAway.Init")
    private volatile LogResult result;

    PendingWrite(T entry) {
        this.entry = entry;
    }

    void complete(LogResult outcome) {
        result = outcome;
        done.countDown();
    }

    /** The outcome, or {@link LogResult#TIMED_OUT} when none came within the wait. */
    LogResult await(long timeoutNanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            try {
                if (done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                return LogResult.TIMED_OUT;
            } catch (InterruptedException e) {
                // the wait is bounded; finish it and hand the interrupt back to the caller
                interrupted = true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return result;
    }
}
