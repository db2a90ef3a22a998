package io.liteobs.runtime;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * This process's CPU time as a share of all cores' time over a window that only its owner restarts, so that one
 * reader never cuts another's window short: {@link JvmMetrics#snapshot()} keeps one for its callers,
 * {@link LiteObsRuntime} one for the history it keeps with each host collection. Read from the cumulative CPU
 * time rather than {@code getProcessCpuLoad()}, whose window restarts whenever anyone reads it
 * ({@code process.cpu.usage} does). Thread-safe.
 */
final class ProcessCpuWindow {

    /** The shortest window worth a figure: one second. */
    static final long MIN_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier cpuNanos;
    private final LongSupplier wallNanos;
    private final IntSupplier cores;
    private long startCpuNanos;
    private long startWallNanos;
    private double lastShare = Double.NaN;

    /**
     * A window starting at the given readings.
     *
     * @param cpuNanos       the process's cumulative CPU time; negative when the JVM cannot tell
     * @param wallNanos      a monotonic clock, such as {@link System#nanoTime()}: any value, 0 and negative ones
     *                       included
     * @param cores          the cores the process may use
     * @param startCpuNanos  the CPU time at the window's start
     * @param startWallNanos the clock at the window's start
     */
    ProcessCpuWindow(LongSupplier cpuNanos, LongSupplier wallNanos, IntSupplier cores, long startCpuNanos,
                     long startWallNanos) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
        this.cores = cores;
        this.startCpuNanos = startCpuNanos;
        this.startWallNanos = startWallNanos;
    }

    /** A window from the JVM's start, when its CPU time was nil. */
    static ProcessCpuWindow sinceJvmStart() {
        long uptimeNanos = TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
        return new ProcessCpuWindow(ProcessCpuWindow::processCpuNanos, System::nanoTime,
                Runtime.getRuntime()::availableProcessors, 0, System.nanoTime() - uptimeNanos);
    }

    /**
     * The share over the window so far, then a new window from now. A window under a second is too short to say
     * anything: it goes on, and the previous window's figure stands.
     *
     * @return a share from 0 to 1; NaN when the JVM cannot tell, or before a first window of a second
     */
    synchronized double shareAndRestart() {
        long cpu = cpuNanos.getAsLong();
        long wall = wallNanos.getAsLong();
        if (cpu < 0) {
            return Double.NaN;
        }
        if (wall - startWallNanos >= MIN_WINDOW_NANOS) {
            lastShare = shareSinceStart(cpu, wall);
            startCpuNanos = cpu;
            startWallNanos = wall;
        }
        return lastShare;
    }

    /**
     * The share over the window so far, leaving the window as it is; the previous window's figure while this one
     * is under a second old.
     *
     * @return a share from 0 to 1; NaN when the JVM cannot tell, or before a first window of a second
     */
    synchronized double shareSoFar() {
        long cpu = cpuNanos.getAsLong();
        long wall = wallNanos.getAsLong();
        if (cpu < 0) {
            return Double.NaN;
        }
        return wall - startWallNanos >= MIN_WINDOW_NANOS ? shareSinceStart(cpu, wall) : lastShare;
    }

    private double shareSinceStart(long cpu, long wall) {
        double share = (double) (cpu - startCpuNanos) / (wall - startWallNanos) / cores.getAsInt();
        return Math.max(0, Math.min(1, share));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
