package io.liteobs.runtime.micrometer;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * This JVM's memory, GC and threads at one moment: a plain, immutable value. Memory is bytes, times are
 * milliseconds, ratios go from 0 to 1 and are NaN when unknown.
 *
 * @param timestampMillis when it was taken, epoch milliseconds
 * @param heapUsed        heap in use
 * @param heapCommitted   heap committed by the JVM
 * @param heapMax         the heap limit ({@code -Xmx}), or -1 when there is none
 * @param nonHeapUsed     non-heap memory in use (metaspace, code cache)
 * @param heapAfterGc     the share of the long-lived heap pool still in use after the latest collection of it
 *                        ({@code jvm.memory.usage.after.gc}); NaN when unknown
 * @param gcOverhead      the share of CPU time spent collecting over the last five minutes ({@code jvm.gc.overhead});
 *                        NaN when unknown
 * @param gcCount         collections since the JVM started, all collectors
 * @param gcTimeMillis    time spent collecting since the JVM started, all collectors
 * @param liveThreads     live threads
 * @param daemonThreads   live daemon threads
 * @param peakThreads     the most live threads since the JVM started
 * @param threadPools     the largest groups of live threads by name (numbers at the end of a name left out), largest
 *                        first, at most {@value JvmMetrics#THREAD_POOLS_LISTED}
 * @param processCpu      this process's CPU time as a share of all cores' time over the window of whoever took the
 *                        snapshot: for {@link JvmMetrics#snapshot()}, since the previous one of the same
 *                        {@link JvmMetrics} at least a second before (since the JVM started for the first one);
 *                        for {@link io.liteobs.runtime.LiteObsRuntime}, since the previous host collection; NaN
 *                        when unknown
 * @param uptimeMillis    how long the JVM has run
 */
public record JvmSnapshot(long timestampMillis, long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed,
                          double heapAfterGc, double gcOverhead, long gcCount, long gcTimeMillis, int liveThreads,
                          int daemonThreads, int peakThreads, List<ThreadPool> threadPools, double processCpu,
                          long uptimeMillis) {

    /**
     * Copies the list of pools.
     *
     * @param timestampMillis when it was taken, epoch milliseconds
     * @param heapUsed heap in use
     * @param heapCommitted heap committed by the JVM
     * @param heapMax the heap limit ({@code -Xmx}), or -1 when there is none
     * @param nonHeapUsed non-heap memory in use (metaspace, code cache)
     * @param heapAfterGc the share of the long-lived heap pool still in use after the latest collection of it ({@code
     *     jvm.memory.usage.after.gc}); NaN when unknown
     * @param gcOverhead the share of CPU time spent collecting over the last five minutes ({@code jvm.gc.overhead});
     *     NaN when unknown
     * @param gcCount collections since the JVM started, all collectors
     * @param gcTimeMillis time spent collecting since the JVM started, all collectors
     * @param liveThreads live threads
     * @param daemonThreads live daemon threads
     * @param peakThreads the most live threads since the JVM started
     * @param threadPools the largest groups of live threads by name (numbers at the end of a name left out), largest
     *     first, at most {@value JvmMetrics#THREAD_POOLS_LISTED}
     * @param processCpu this process's CPU time as a share of all cores' time over the window of whoever took the
     *     snapshot: for {@link JvmMetrics#snapshot()}, since the previous one of the same {@link JvmMetrics} at least a
     *     second before (since the JVM started for the first one); for {@link io.liteobs.runtime.LiteObsRuntime}, since
     *     the previous host collection; NaN when unknown
     * @param uptimeMillis how long the JVM has run
     */
    public JvmSnapshot {
        threadPools = List.copyOf(threadPools);
    }

    /**
     * Heap in use over the heap limit, from 0 to 1; NaN without a limit.
     *
     * @return heap in use over the heap limit, from 0 to 1
     */
    public double heapUtilization() {
        return heapMax > 0 ? (double) heapUsed / heapMax : Double.NaN;
    }

    /**
     * The largest group of threads, or null when none is listed.
     *
     * @return the largest group of threads, or null when none is listed
     */
    public @Nullable ThreadPool largestThreadPool() {
        return threadPools.isEmpty() ? null : threadPools.get(0);
    }

    /**
     * Live threads whose names differ only in trailing numbers, such as {@code http-nio-8080-exec-1} to
     * {@code -200}: usually one thread pool.
     *
     * @param name    the shared name, such as {@code http-nio-8080-exec}
     * @param threads how many live threads carry it
     */
    public record ThreadPool(String name, int threads) {

        /**
         * Requires a name.
         *
         * @param name the shared name, such as {@code http-nio-8080-exec}
         * @param threads how many live threads carry it
         */
        public ThreadPool {
            Objects.requireNonNull(name, "name");
        }
    }
}
