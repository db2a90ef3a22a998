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

/** Reads this JVM's runtime figures for heartbeats from the platform MXBeans. */
public final class JvmRuntime {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    private static final AtomicReference<CpuSample> lastCpuSample = new AtomicReference<>();

    /** This process's id. */
    public static final long PID = ProcessHandle.current().pid();
    /** This machine's host name, looked up once. */
    public static final String HOST = hostName();

    private JvmRuntime() {
    }

    /**
     * The figures at this moment. Costs microseconds: call it at the heartbeat interval, not per request.
     */
    public static Snapshot snapshot() {
        MemoryUsage heap = MEMORY.getHeapMemoryUsage();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcTime += Math.max(0, collector.getCollectionTime());
        }
        return new Snapshot(THREADS.getThreadCount(), heap.getUsed(), heap.getCommitted(), heap.getMax(),
                MEMORY.getNonHeapMemoryUsage().getUsed(), gcCount, gcTime, processCpuLoad(), RUNTIME.getUptime());
    }

    /**
     * This process's CPU time as a share of all cores' time since the previous snapshot (since the JVM started,
     * for the first). Computed from cumulative CPU time rather than {@code getProcessCpuLoad()}, whose window
     * restarts whenever anyone reads it, Micrometer's processor binder included.
     */
    private static Double processCpuLoad() {
        if (!(OS instanceof com.sun.management.OperatingSystemMXBean hotspot)) {
            return null;
        }
        long cpuNanos = hotspot.getProcessCpuTime();
        if (cpuNanos < 0) {
            return null;
        }
        CpuSample now = new CpuSample(cpuNanos, System.nanoTime());
        CpuSample previous = lastCpuSample.getAndSet(now);
        long cpuSpent = previous == null ? cpuNanos : cpuNanos - previous.cpuNanos();
        long wallElapsed = previous == null ? TimeUnit.MILLISECONDS.toNanos(RUNTIME.getUptime())
                : now.wallNanos() - previous.wallNanos();
        if (wallElapsed <= 0) {
            return null;
        }
        double share = (double) cpuSpent / wallElapsed / PROCESSORS;
        return Math.max(0, Math.min(1, share));
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
