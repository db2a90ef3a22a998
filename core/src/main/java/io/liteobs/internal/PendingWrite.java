package io.liteobs.internal;

import io.liteobs.LiteObsClock;
import io.liteobs.LogResult;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * An entry whose caller waits for its commit: a synchronous write, or {@code CALLER_WRITES} on a full queue.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
final class PendingWrite<T> {

    final T entry;
    private volatile @Nullable LogResult result;
    /** The caller waiting for the outcome, unparked when it comes. */
    private volatile @Nullable Thread waiter;

    PendingWrite(T entry) {
        this.entry = entry;
    }

    void complete(LogResult outcome) {
        result = outcome;
        Thread waiting = waiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** The outcome, or {@link LogResult#TIMED_OUT} when none came within the wait on {@code clock}. */
    LogResult await(LiteObsClock clock, long timeoutNanos) {
        waiter = Thread.currentThread();
        long deadline = clock.nanoTime() + timeoutNanos;
        boolean interrupted = false;
        try {
            LogResult outcome;
            // 'waiter' is set before 'result' is read: a completion either comes first or unparks this thread
            while ((outcome = result) == null) {
                if (clock.nanoTime() - deadline >= 0) {
                    return LogResult.TIMED_OUT;
                }
                clock.parkUntil(this, deadline);
                // the wait is bounded; finish it and hand the interrupt back to the caller
                interrupted |= Thread.interrupted();
            }
            return outcome;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
