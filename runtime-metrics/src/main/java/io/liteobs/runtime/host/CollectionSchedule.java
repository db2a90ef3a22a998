package io.liteobs.runtime.host;

import io.liteobs.common.internal.DaemonThreads;
import io.liteobs.common.internal.ThrottledLogger;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collection every interval, on the caller's scheduler when one is given, else on a daemon thread of its
 * own; {@link #stop()} shuts down only that own thread and leaves a given scheduler running.
 */
final class CollectionSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionSchedule.class);
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final ScheduledExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledFuture<?> task;
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);

    /**
     * Schedules {@code collection} every {@code interval}, the first run one interval from now.
     *
     * @param scheduler the caller's scheduler, or null for a daemon thread called
     *                  {@value HostMetricsCollector#THREAD_NAME}
     * @throws IllegalArgumentException when the given scheduler refuses the task (it is shut down)
     */
    CollectionSchedule(Runnable collection, Duration interval, @Nullable ScheduledExecutorService scheduler) {
        this.ownExecutor = scheduler == null;
        this.executor = scheduler == null ? DaemonThreads.scheduler(HostMetricsCollector.THREAD_NAME) : scheduler;
        long millis = interval.toMillis();
        try {
            this.task = executor.scheduleAtFixedRate(() -> runSafely(collection), millis, millis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalArgumentException("scheduler refused the host collection (is it shut down?): pass a "
                    + "running ScheduledExecutorService, or none for a thread of the collector's own", e);
        }
    }

    private void runSafely(Runnable collection) {
        try {
            collection.run();
        } catch (Throwable t) {
            // anything escaping a periodic task, an Error too, silently cancels every later run
            warnings.warn("Collecting host metrics failed; the next collection runs on schedule", t);
        }
    }

    /**
     * Cancels the later runs; a run in progress finishes. Shuts down and waits for the collector's own thread, at
     * most {@value #STOP_TIMEOUT_SECONDS} s; a given scheduler keeps running.
     */
    void stop() {
        task.cancel(false);
        if (!ownExecutor) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within {} s", HostMetricsCollector.THREAD_NAME, STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
