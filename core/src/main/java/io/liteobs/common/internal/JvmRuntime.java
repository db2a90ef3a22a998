package io.liteobs.common.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads this JVM's runtime figures for heartbeats from the platform MXBeans.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class JvmRuntime {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    /** The sampler of {@link #snapshot()}, shared by every caller of it. */
    private static final Sampler SHARED = new Sampler();

    /** This process's id. */
    public static final long PID = ProcessHandle.current().pid();
    /** This machine's host name, looked up once. */
    public static final String HOST = hostName();

    private JvmRuntime() {
    }

    /**
     * The figures at this moment, with the CPU load since the previous call of this method by anyone in the
     * process. Costs microseconds: call it at the heartbeat interval, not per request. A heartbeat writer keeps a
     * {@link #sampler()} of its own instead, so that its CPU load covers the time since its own previous beat.
     */
    public static Snapshot snapshot() {
        return SHARED.snapshot();
    }

    /** A sampler of one's own: its snapshots' CPU load covers the time since its own previous snapshot. */
    public static Sampler sampler() {
        return new Sampler();
    }

    /**
     * Takes snapshots for one owner, such as one heartbeat writer: the CPU load of each covers the time since this
     * sampler's previous snapshot (since the JVM started, for the first), whoever else takes snapshots in between.
     * Thread-safe: two snapshots taken at once each cover a window of their own.
     */
    public static final class Sampler {
        private final ProcessCpuWindow cpu;

        private Sampler() {
            this(ProcessCpuWindow::processCpuNanos, System::nanoTime,
                    () -> TimeUnit.MILLISECONDS.toNanos(RUNTIME.getUptime()));
        }

        /**
         * A sampler over clocks of the caller's, for tests.
         *
         * @param processCpuNanos this process's cumulative CPU time, negative when unknown
         * @param wallNanos       a monotonic clock
         * @param uptimeNanos     how long the JVM has run
         */
        Sampler(LongSupplier processCpuNanos, LongSupplier wallNanos, LongSupplier uptimeNanos) {
            // no shortest window: a heartbeat's window is its interval, whatever that is
            this.cpu = new ProcessCpuWindow(processCpuNanos, wallNanos, () -> PROCESSORS, 1, 0,
                    wallNanos.getAsLong() - uptimeNanos.getAsLong());
        }

        /** The figures at this moment. Costs microseconds: call it at the heartbeat interval. */
        public Snapshot snapshot() {
            MemoryUsage heap = MEMORY.getHeapMemoryUsage();
            long gcCount = 0;
            long gcTime = 0;
            for (GarbageCollectorMXBean collector : COLLECTORS) {
                gcCount += Math.max(0, collector.getCollectionCount());
                gcTime += Math.max(0, collector.getCollectionTime());
            }
            return new Snapshot(THREADS.getThreadCount(), heap.getUsed(), heap.getCommitted(), heap.getMax(),
                    MEMORY.getNonHeapMemoryUsage().getUsed(), gcCount, gcTime, processCpuLoad(),
                    RUNTIME.getUptime());
        }

        /**
         * This process's CPU time as a share of all cores' time since this sampler's previous call (since the JVM
         * started, for the first), or null when unknown.
         */
        @Nullable Double processCpuLoad() {
            double share = cpu.shareAndRestart();
            return Double.isNaN(share) ? null : share;
        }
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            return "unknown";
        }
    }

    /** JVM figures for one heartbeat; memory in bytes, times in milliseconds. */
    public record Snapshot(int liveThreads, long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed,
                           long gcCount, long gcTimeMillis, @Nullable Double processCpuLoad,
                           long uptimeMillis) {
    }
}
