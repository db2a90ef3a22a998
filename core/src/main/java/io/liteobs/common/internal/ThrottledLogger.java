package io.liteobs.common.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs a repeated warning at most once per interval, saying how many were suppressed in between, so that a
 * failure repeated a million times costs a million counter increments and a handful of log lines.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class ThrottledLogger {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLogger(Logger logger, long interval, TimeUnit unit) {
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs at WARN unless a warning was logged less than an interval ago. */
    public void warn(String format, @Nullable Object... arguments) {
        if (tryAcquire()) {
            logger.warn(format, arguments);
        }
    }

    /** Logs at ERROR (a trailing exception with its stack trace) unless a message was logged less than an interval ago. */
    public void error(String format, @Nullable Object... arguments) {
        if (tryAcquire()) {
            logger.error(format, arguments);
        }
    }

    /**
     * Whether a warning may be logged now; if not, it is counted as suppressed. On a hot path, ask this before
     * building the warning's arguments, so that a suppressed warning costs no allocation.
     */
    public boolean tryAcquire() {
        long now = System.nanoTime();
        long next = nextAllowedNanos.get();
        if (now - next < 0 || !nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            logger.warn("({} similar warnings suppressed since the last one)", skipped);
        }
        return true;
    }
}
