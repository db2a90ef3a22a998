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

/** Reads this JVM's runtime figures for heartbeats from the platform MXBeans. */
public final class JvmRuntime {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    /** This process's id. */
    public static final long PID = ProcessHandle.current().pid();
    /** This machine's host name, looked up once. */
    public static final String HOST = hostName();

    private JvmRuntime() {
    }

    /**
     * The figures at this moment. Costs tens of microseconds (the CPU load reading dominates): call it at the
     * heartbeat interval, not per request.
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

    private static Double processCpuLoad() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            double load = hotspot.getProcessCpuLoad();
            return load >= 0 && Double.isFinite(load) ? load : null;
        }
        return null;
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
