package io.liteobs.runtime.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a repeated warning at most once per interval, saying how many were suppressed in between. */
public final class ThrottledWarnings {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    /** Warnings through {@code logger}, at most one per {@code interval}. */
    public ThrottledWarnings(Logger logger, Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless a warning was logged less than an interval ago. */
    public void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long next = nextAllowedNanos.get();
        if (now - next < 0 || !nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            logger.warn("({} similar warnings suppressed since the last one)", skipped);
        }
        logger.warn(format, arguments);
    }
}
