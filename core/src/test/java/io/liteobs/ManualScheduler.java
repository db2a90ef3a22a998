package io.liteobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a {@link ManualClock}'s time: {@link #advance(Duration)} moves the clock and runs, on the calling
 * thread, every task that has come due, in order of due time, so that a test knows what ran when it returns. As in
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor}, a periodic task that throws is not run again.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** Moves the clock by {@code duration} and runs what has come due. */
    void advance(Duration duration) {
        clock.advance(duration);
        runDue();
    }

    /** Runs every task due by the clock's time now, a periodic one again as long as it is due. */
    void runDue() {
        Task<?> due;
        while ((due = pollDue()) != null) {
            due.run();
        }
    }

    /** The tasks waiting to run, cancelled ones left out. */
    synchronized int pending() {
        return (int) queue.stream().filter(task -> !task.isCancelled()).count();
    }

    private synchronized Task<?> pollDue() {
        Task<?> head;
        while ((head = queue.peek()) != null && head.isCancelled()) {
            queue.poll();
        }
        return head != null && head.dueNanos - clock.nanoTime() <= 0 ? queue.poll() : null;
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("the scheduler is shut down");
        }
        queue.add(task);
        return task;
    }

    private <V> Task<V> task(Callable<V> callable, long delay, long period, TimeUnit unit) {
        long seq;
        synchronized (this) {
            seq = sequence++;
        }
        return enqueue(new Task<>(callable, clock.nanoTime() + unit.toNanos(delay), unit.toNanos(period), seq));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return task(Executors.callable(command), delay, 0, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return task(callable, delay, 0, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return task(Executors.callable(command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return task(Executors.callable(command), initialDelay, -delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.clear();
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        List<Runnable> waiting = new ArrayList<>(queue);
        shutdown();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return isShutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    /** A task due at a time of the clock; periodic at a fixed rate (period above 0) or with a fixed delay (below). */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long periodNanos;
        private final long sequenceNumber;
        private volatile long dueNanos;

        Task(Callable<V> callable, long dueNanos, long periodNanos, long sequenceNumber) {
            super(callable);
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
            this.sequenceNumber = sequenceNumber;
        }

        @Override
        public boolean isPeriodic() {
            return periodNanos != 0;
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                dueNanos = periodNanos > 0 ? dueNanos + periodNanos : clock.nanoTime() - periodNanos;
                synchronized (ManualScheduler.this) {
                    if (!shutdown) {
                        queue.add(this);
                    }
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - clock.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byDue = Long.compare(dueNanos, task.dueNanos);
                return byDue != 0 ? byDue : Long.compare(sequenceNumber, task.sequenceNumber);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
