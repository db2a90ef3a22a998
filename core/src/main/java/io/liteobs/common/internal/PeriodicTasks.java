package io.liteobs.common.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic tasks of one owner (the heartbeats of a {@code LiteObs}, a heartbeat writer built on its own, a
 * scheduled {@code Retention}, a host collector) on a scheduler that the owner was given or that this made: one
 * daemon thread, in the manner of HikariCP's housekeeping executor. Every task catches what it throws (an exception
 * escaping a periodic task would cancel its later runs) and logs it, throttled; a run that comes while the previous
 * one is still going is skipped. {@link #close()} cancels the tasks, and shuts the scheduler down only if this made
 * it.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class PeriodicTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);
    /** The longest {@link #close()} waits for the tasks running on a scheduler it made to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;
    private final boolean madeHere;
    private final Set<Future<?>> scheduled = ConcurrentHashMap.newKeySet();

    private PeriodicTasks(ScheduledExecutorService scheduler, boolean madeHere) {
        this.scheduler = scheduler;
        this.madeHere = madeHere;
    }

    /**
     * Tasks on {@code given} when it is not null, which is then never shut down here; otherwise on a scheduler of
     * their own, one daemon thread called {@code threadNamePrefix-1}.
     */
    public static PeriodicTasks on(@Nullable ScheduledExecutorService given, String threadNamePrefix) {
        return given != null
                ? new PeriodicTasks(given, false)
                : new PeriodicTasks(newScheduler(threadNamePrefix), true);
    }

    /** One daemon thread that starts with the first task; cancelled tasks leave its queue at once. */
    private static ScheduledExecutorService newScheduler(String threadNamePrefix) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.numbered(threadNamePrefix), new ScheduledThreadPoolExecutor.DiscardPolicy());
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** The scheduler the tasks run on. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Runs {@code task} every {@code period}, the first run after {@code initialDelay}.
     *
     * @param name what the task serves, for the log
     * @throws IllegalArgumentException when the scheduler refuses the task: one given to the owner is shut down
     */
    public Future<?> atFixedRate(String name, Duration initialDelay, Duration period, Runnable task) {
        return schedule(name, () -> scheduler.scheduleAtFixedRate(new Guarded(name, task), initialDelay.toNanos(),
                period.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Runs {@code task} every {@code delay} from the end of the previous run, the first run after one delay.
     *
     * @param name what the task serves, for the log
     * @throws IllegalArgumentException when the scheduler refuses the task: one given to the owner is shut down
     */
    public Future<?> withFixedDelay(String name, Duration delay, Runnable task) {
        long nanos = delay.toNanos();
        return schedule(name, () -> scheduler.scheduleWithFixedDelay(new Guarded(name, task), nanos, nanos,
                TimeUnit.NANOSECONDS));
    }

    private Future<?> schedule(String name, Supplier<Future<?>> scheduling) {
        Future<?> task;
        try {
            task = scheduling.get();
        } catch (RejectedExecutionException e) {
            throw new IllegalArgumentException("the scheduler refused " + name + " (is it shut down?): pass a running"
                    + " ScheduledExecutorService to the builder's scheduler(...), or none for a thread of LiteObs's"
                    + " own", e);
        }
        scheduled.add(task);
        return task;
    }

    /**
     * Cancels one task of this owner.
     *
     * @param interrupt whether to interrupt a run in progress
     */
    public void cancel(Future<?> task, boolean interrupt) {
        task.cancel(interrupt);
        scheduled.remove(task);
    }

    /**
     * Cancels every task, interrupting those running; then, if this made the scheduler, shuts it down and waits for
     * it to end, at most {@link #CLOSE_WAIT}. Idempotent.
     */
    @Override
    public void close() {
        scheduled.forEach(task -> task.cancel(true));
        scheduled.clear();
        if (!madeHere) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("A LiteObs periodic task is still running {} ms after close began; its thread is left to end"
                        + " by itself", CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A periodic task that never throws and never overlaps itself. */
    static final class Guarded implements Runnable {
        private final String name;
        private final Runnable task;
        private final AtomicBoolean running = new AtomicBoolean();
        private final ThrottledLogger failures = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);

        Guarded(String name, Runnable task) {
            this.name = name;
            this.task = task;
        }

        @Override
        public void run() {
            if (!running.compareAndSet(false, true)) {
                // the previous run is still going (on a scheduler with several threads): this one is skipped
                return;
            }
            try {
                task.run();
            } catch (Throwable e) {
                // whatever it is: an exception escaping a periodic task cancels every later run of it
                failures.error("LiteObs periodic task {} failed; its next run is on schedule", name,
                        LogSafe.throwable(e));
            } finally {
                running.set(false);
            }
        }
    }
}
