package io.liteobs.common.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * This process's CPU time as a share of all cores' time over a window that only its owner restarts, so that one
 * reader never cuts another's window short: each heartbeat writer keeps one, and so do the runtime metrics for their
 * callers and for the history they keep with each host collection. Read from the cumulative CPU time rather than
 * {@code getProcessCpuLoad()}, whose window restarts whenever anyone reads it (Micrometer's
 * {@code process.cpu.usage} does). Thread-safe.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class ProcessCpuWindow {

    private final LongSupplier cpuNanos;
    private final LongSupplier wallNanos;
    private final IntSupplier cores;
    private final long minWindowNanos;
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
     * @param minWindowNanos the shortest window worth a figure; a shorter one goes on and the previous figure stands
     * @param startCpuNanos  the CPU time at the window's start
     * @param startWallNanos the clock at the window's start
     */
    public ProcessCpuWindow(LongSupplier cpuNanos, LongSupplier wallNanos, IntSupplier cores, long minWindowNanos,
                            long startCpuNanos, long startWallNanos) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
        this.cores = cores;
        this.minWindowNanos = Math.max(1, minWindowNanos);
        this.startCpuNanos = startCpuNanos;
        this.startWallNanos = startWallNanos;
    }

    /**
     * A window of this process from the JVM's start, when its CPU time was nil.
     *
     * @param minWindow the shortest window worth a figure
     */
    public static ProcessCpuWindow sinceJvmStart(Duration minWindow) {
        long uptimeNanos = TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
        return new ProcessCpuWindow(ProcessCpuWindow::processCpuNanos, System::nanoTime,
                Runtime.getRuntime()::availableProcessors, minWindow.toNanos(), 0, System.nanoTime() - uptimeNanos);
    }

    /**
     * The share over the window so far, then a new window from now. A window shorter than the minimum says
     * nothing: it goes on, and the previous window's figure stands.
     *
     * @return a share from 0 to 1; NaN when the JVM cannot tell, or before a first window of the minimum length
     */
    public synchronized double shareAndRestart() {
        long cpu = cpuNanos.getAsLong();
        long wall = wallNanos.getAsLong();
        if (cpu < 0) {
            return Double.NaN;
        }
        if (wall - startWallNanos >= minWindowNanos) {
            lastShare = shareSinceStart(cpu, wall);
            startCpuNanos = cpu;
            startWallNanos = wall;
        }
        return lastShare;
    }

    /**
     * The share over the window so far, leaving the window as it is; the previous window's figure while this one
     * is shorter than the minimum.
     *
     * @return a share from 0 to 1; NaN when the JVM cannot tell, or before a first window of the minimum length
     */
    public synchronized double shareSoFar() {
        long cpu = cpuNanos.getAsLong();
        long wall = wallNanos.getAsLong();
        if (cpu < 0) {
            return Double.NaN;
        }
        return wall - startWallNanos >= minWindowNanos ? shareSinceStart(cpu, wall) : lastShare;
    }

    private double shareSinceStart(long cpu, long wall) {
        double share = (double) (cpu - startCpuNanos) / (wall - startWallNanos) / cores.getAsInt();
        return Math.max(0, Math.min(1, share));
    }

    /** This process's cumulative CPU time in nanoseconds, or -1 when the JVM does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
