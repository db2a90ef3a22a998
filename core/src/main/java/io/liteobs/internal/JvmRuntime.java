package io.liteobs.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/** Reads this JVM's runtime figures for heartbeats from the platform MXBeans. */
public final class JvmRuntime {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
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
        private final LongSupplier processCpuNanos;
        private final LongSupplier wallNanos;
        private final LongSupplier uptimeNanos;
        private final AtomicReference<CpuSample> last = new AtomicReference<>();

        private Sampler() {
            this(JvmRuntime::processCpuNanos, System::nanoTime,
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
            this.processCpuNanos = processCpuNanos;
            this.wallNanos = wallNanos;
            this.uptimeNanos = uptimeNanos;
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
         * started, for the first), or null when unknown. Computed from cumulative CPU time rather than
         * {@code getProcessCpuLoad()}, whose window restarts whenever anyone reads it, Micrometer's processor
         * binder included.
         */
        Double processCpuLoad() {
            long cpuNanos = processCpuNanos.getAsLong();
            if (cpuNanos < 0) {
                return null;
            }
            CpuSample now = new CpuSample(cpuNanos, wallNanos.getAsLong());
            CpuSample previous = last.getAndSet(now);
            long cpuSpent = previous == null ? cpuNanos : cpuNanos - previous.cpuNanos();
            long wallElapsed = previous == null ? uptimeNanos.getAsLong() : now.wallNanos() - previous.wallNanos();
            if (wallElapsed <= 0) {
                return null;
            }
            double share = (double) cpuSpent / wallElapsed / PROCESSORS;
            return Math.max(0, Math.min(1, share));
        }
    }

    /** This process's cumulative CPU time in nanoseconds, or -1 when the JVM does not tell. */
    private static long processCpuNanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
    }

    private record CpuSample(long cpuNanos, long wallNanos) {
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
                           long gcCount, long gcTimeMillis, Double processCpuLoad, long uptimeMillis) {
    }
}
