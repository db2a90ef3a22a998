package io.liteobs.runtime.internal;

import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes daemon threads that all carry one name; an exception that escapes one is logged, never lost. */
public final class DaemonThreadFactory implements ThreadFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonThreadFactory.class);

    private final String name;

    /** A factory for threads called {@code name}. */
    public DaemonThreadFactory(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("LiteObs thread {} died", t.getName(), e));
        return thread;
    }
}
