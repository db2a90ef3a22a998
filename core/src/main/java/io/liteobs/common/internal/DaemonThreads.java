package io.liteobs.common.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the library's named daemon threads; an exception that escapes one is logged, never lost.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class DaemonThreads {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonThreads.class);

    private DaemonThreads() {
    }

    /** A factory for threads all called {@code name}. */
    public static ThreadFactory factory(String name) {
        return runnable -> newThread(name, runnable);
    }

    /** A factory for threads called {@code prefix-1}, {@code prefix-2}, and so on. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger made = new AtomicInteger();
        return runnable -> newThread(prefix + "-" + made.incrementAndGet(), runnable);
    }

    /** A new, unstarted daemon thread. */
    public static Thread newThread(String name, Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("LiteObs thread {} died", t.getName(),
                LogSafe.throwable(e)));
        return thread;
    }

    /** A single-threaded scheduler on one daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(factory(name));
    }
}
