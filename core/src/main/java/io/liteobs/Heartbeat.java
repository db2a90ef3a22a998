package io.liteobs;

import io.liteobs.internal.EpochMillis;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One beat of a worker: who is alive, where, how often it promises to beat, and what its JVM looked like.
 * Memory figures are bytes; -1 where the JVM does not report a figure.
 *
 * @param workerId        the worker's name; required
 * @param host            the host name, or null when unknown
 * @param pid             the process id
 * @param timestampMillis when it beat, epoch milliseconds
 * @param intervalMillis  how often the worker beats; liveness is judged against it
 * @param liveThreads     live JVM threads
 * @param heapUsed        heap in use
 * @param heapCommitted   heap committed by the JVM
 * @param heapMax         the heap limit, or -1 when there is none
 * @param nonHeapUsed     non-heap memory in use (metaspace, code cache)
 * @param gcCount         collections since the JVM started, all collectors
 * @param gcTimeMillis    time spent collecting since the JVM started, all collectors
 * @param processCpuLoad  this process's CPU time as a share of all cores' time since its previous beat, 0 to 1,
 *                        or null when unknown
 * @param uptimeMillis    how long the JVM has run
 * @param progressCount   the progress the worker marked ({@link HeartbeatWriter#progress()}) since its writer was
 *                        made, or null when it never marked any: such a worker's beat proves only that its process
 *                        lives
 * @param progressAtMillis when the count was first seen at its present value, epoch milliseconds: the beat at
 *                        which it last moved, so within one interval of the work itself; null when
 *                        {@code progressCount} is
 * @param stopped         whether this is the last beat of a graceful stop ({@link HeartbeatWriter#stop()} or
 *                        close), which tells a stop from a crash
 */
public record Heartbeat(String workerId, @Nullable String host, long pid, long timestampMillis, long intervalMillis,
                        int liveThreads, long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed,
                        long gcCount, long gcTimeMillis, @Nullable Double processCpuLoad,
                        long uptimeMillis, @Nullable Long progressCount, @Nullable Long progressAtMillis,
                        boolean stopped) {

    /**
     * A beat that proves only that the process lives: no progress marked, not a stop. The parameters are those of
     * the canonical constructor.
     *
     * @param workerId the worker's name; required
     * @param host the host name, or null when unknown
     * @param pid the process id
     * @param timestampMillis when it beat, epoch milliseconds
     * @param intervalMillis how often the worker beats; liveness is judged against it
     * @param liveThreads live JVM threads
     * @param heapUsed heap in use
     * @param heapCommitted heap committed by the JVM
     * @param heapMax the heap limit, or -1 when there is none
     * @param nonHeapUsed non-heap memory in use (metaspace, code cache)
     * @param gcCount collections since the JVM started, all collectors
     * @param gcTimeMillis time spent collecting since the JVM started, all collectors
     * @param processCpuLoad this process's CPU time as a share of all cores' time since its previous beat, 0 to 1, or
     *     null when unknown
     * @param uptimeMillis how long the JVM has run
     */
    public Heartbeat(String workerId, @Nullable String host, long pid, long timestampMillis, long intervalMillis,
                     int liveThreads, long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed,
                     long gcCount, long gcTimeMillis, @Nullable Double processCpuLoad, long uptimeMillis) {
        this(workerId, host, pid, timestampMillis, intervalMillis, liveThreads, heapUsed, heapCommitted, heapMax,
                nonHeapUsed, gcCount, gcTimeMillis, processCpuLoad, uptimeMillis, null, null, false);
    }

    /**
     * When it beat.
     *
     * @return when it beat
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /**
     * How often the worker beats.
     *
     * @return how often the worker beats
     */
    public Duration interval() {
        return Duration.ofMillis(intervalMillis);
    }


    /**
     * {@link #gcTimeMillis()} as a duration: the time spent collecting since the JVM started.
     *
     * @return the time spent collecting since the JVM started, all collectors
     */
    public Duration gcTime() {
        return Duration.ofMillis(gcTimeMillis);
    }

    /**
     * {@link #uptimeMillis()} as a duration: how long the JVM has run.
     *
     * @return how long the JVM has run
     */
    public Duration uptime() {
        return Duration.ofMillis(uptimeMillis);
    }

    /**
     * {@link #progressAtMillis()} as an instant: when the progress count was first seen at its present value.
     *
     * @return when the progress count was first seen at its present value; null for a worker that never marked
     *     progress
     */
    public @Nullable Instant progressAt() {
        return EpochMillis.instantOrNull(progressAtMillis);
    }}
