package io.liteobs.runtime.micrometer;

import io.liteobs.common.internal.ProcessCpuWindow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Micrometer's JVM and process binders to a registry in one call, so that memory, buffer pools, GC (pauses,
 * overhead, heap after GC), threads, class loading, JIT compilation, CPU, file descriptors and uptime are recorded
 * every step without hand-written MXBean code. Bound to a {@link LiteObsMeterRegistry}, they land in the LiteObs
 * file; the series are listed in docs/runtime-and-host-metrics.md.
 *
 * <pre>{@code
 * try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
 *     ...
 *     JvmSnapshot now = jvm.snapshot();      // heap, GC overhead, threads by pool
 * }
 * }</pre>
 *
 * <p>{@link #close()} unregisters the GC notification listeners of the binders that have them; the meters stay in
 * the registry.
 */
public final class JvmMetrics implements AutoCloseable {

    /** The most thread groups a {@link JvmSnapshot} lists. */
    public static final int THREAD_POOLS_LISTED = 10;

    /** The shortest window over which {@link JvmSnapshot#processCpu()} is measured: one second. */
    public static final Duration MIN_CPU_WINDOW = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(JvmMetrics.class);
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[-_#. ]*\\d+$");

    private final MeterRegistry registry;
    private final List<AutoCloseable> closeables;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ProcessCpuWindow callersCpu = cpuWindow();

    private JvmMetrics(MeterRegistry registry, List<AutoCloseable> closeables) {
        this.registry = registry;
        this.closeables = closeables;
    }

    /**
     * Binds JvmMemoryMetrics, JvmGcMetrics, JvmHeapPressureMetrics, JvmThreadMetrics, ClassLoaderMetrics,
     * JvmCompilationMetrics, JvmInfoMetrics, ProcessorMetrics, FileDescriptorMetrics and UptimeMetrics.
     *
     * @param registry the registry; never null. Bind once per registry: binding twice registers no new meters
     *                 but counts GC pauses twice.
     * @return the handle that closes the binders that need it
     */
    public static JvmMetrics bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new JvmMetrics(registry, List.of(gc, heapPressure));
    }

    /**
     * Snapshots from a registry whose JVM binders the caller bound, as Spring Boot binds its own to every registry:
     * binds nothing, so that nothing is counted twice, and closes nothing. GC overhead and heap after GC are read
     * from the registry's {@code JvmHeapPressureMetrics} gauges, NaN without them.
     *
     * @param registry the registry; never null. Bind once per registry: binding twice registers no new meters but
     *     counts GC pauses twice.
     * @return snapshots from a registry whose JVM binders the caller bound, as Spring Boot binds its own to every
     *     registry
     */
    public static JvmMetrics readFrom(MeterRegistry registry) {
        return new JvmMetrics(Objects.requireNonNull(registry, "registry"), List.of());
    }

    /**
     * The registry the binders were bound to.
     *
     * @return the registry the binders were bound to
     */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * This JVM's figures now, with GC overhead and heap after GC from the bound meters, and the process CPU since
     * the previous call at least a second ago (since the JVM started, for the first). Costs tens to hundreds of
     * microseconds (it lists every live thread): take it at a collection interval, not per request.
     *
     * @return this JVM's figures now, with GC overhead and heap after GC from the bound meters, and the process CPU
     *     since the previous call at least a second ago (since the JVM started, for the first)
     */
    public JvmSnapshot snapshot() {
        return snapshot(callersCpu.shareAndRestart());
    }

    /**
     * This JVM's figures now, with a process CPU share the caller measured over a window of its own: for snapshots
     * that line up with the caller's own collections, as {@code LiteObsRuntime}'s history does with the host's.
     *
     * @param processCpu the process CPU share, from 0 to 1, or NaN when unknown
     * @return this JVM's figures now, with a process CPU share the caller measured over a window of its own
     */
    public JvmSnapshot snapshot(double processCpu) {
        return capture(registry, processCpu);
    }

    /**
     * This JVM's figures now, from the platform MXBeans alone: GC overhead and heap after GC are NaN, the process
     * CPU is since the JVM started.
     *
     * @return this JVM's figures now, from the platform MXBeans alone
     */
    public static JvmSnapshot capture() {
        return capture(null, cpuWindow().shareSoFar());
    }

    private static JvmSnapshot capture(@Nullable MeterRegistry registry, double processCpu) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcTime += Math.max(0, collector.getCollectionTime());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new JvmSnapshot(System.currentTimeMillis(), heap.getUsed(), heap.getCommitted(), heap.getMax(),
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed(),
                gauge(registry, "jvm.memory.usage.after.gc"), gauge(registry, "jvm.gc.overhead"), gcCount, gcTime,
                threads.getThreadCount(), threads.getDaemonThreadCount(), threads.getPeakThreadCount(),
                threadPools(threads), processCpu, ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** A process CPU window from the JVM's start, of at least {@link #MIN_CPU_WINDOW}. */
    static ProcessCpuWindow cpuWindow() {
        return ProcessCpuWindow.sinceJvmStart(MIN_CPU_WINDOW);
    }

    private static double gauge(@Nullable MeterRegistry registry, String name) {
        if (registry == null) {
            return Double.NaN;
        }
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static List<JvmSnapshot.ThreadPool> threadPools(ThreadMXBean threads) {
        Map<String, Integer> byName = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                byName.merge(poolName(info.getThreadName()), 1, Integer::sum);
            }
        }
        List<JvmSnapshot.ThreadPool> pools = new ArrayList<>();
        byName.forEach((name, count) -> pools.add(new JvmSnapshot.ThreadPool(name, count)));
        pools.sort(Comparator.comparingInt(JvmSnapshot.ThreadPool::threads).reversed()
                .thenComparing(JvmSnapshot.ThreadPool::name));
        return pools.size() > THREAD_POOLS_LISTED ? pools.subList(0, THREAD_POOLS_LISTED) : pools;
    }

    /** A thread's name without the number at its end: {@code pool-3-thread-12} is in {@code pool-3-thread}. */
    static String poolName(String threadName) {
        String name = TRAILING_NUMBER.matcher(threadName).replaceFirst("");
        return name.isEmpty() ? threadName : name;
    }

    /** Closes the binders that listen to GC notifications; idempotent. The meters stay registered. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed", closeable.getClass().getSimpleName(), e);
            }
        }
    }
}
