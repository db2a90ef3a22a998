package io.liteobs.runtime.health;

import static io.liteobs.runtime.health.Format.percent;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The built-in advisors of explain mode, each with its id. Advisors on the score's indicators use the same
 * {@link HealthThresholds}; the others use the constants below. docs/health.md lists every advisor.
 */
public final class Advisors {

    /** CPU busier than the CPU threshold. */
    public static final String CPU_SATURATED = "cpu.saturated";
    /** A one-minute load average above the core count. */
    public static final String CPU_RUN_QUEUE = "cpu.run-queue";
    /** Steal time at or above {@link #STEAL_THRESHOLD}. */
    public static final String CPU_STEAL = "cpu.steal";
    /** iowait at or above {@link #IOWAIT_THRESHOLD}. */
    public static final String CPU_IOWAIT = "cpu.iowait";
    /** This JVM's GC overhead above its threshold, seen from the CPU. */
    public static final String CPU_GC = "cpu.gc";
    /** Memory use above the memory threshold. */
    public static final String MEMORY_LOW = "memory.low";
    /** Swap use above the swap threshold. */
    public static final String MEMORY_SWAPPING = "memory.swapping";
    /** The kernel killed processes for lack of memory during the interval. */
    public static final String MEMORY_OOM_KILLS = "memory.oom-kills";
    /** Available memory is an estimate (kernel before 3.14). */
    public static final String MEMORY_ESTIMATED = "memory.estimated";
    /** The fullest file system above the disk threshold. */
    public static final String DISK_NEARLY_FULL = "disk.nearly-full";
    /** A file system that, at its recent rate, fills within {@link #DISK_FULL_HORIZON}. */
    public static final String DISK_FILLING = "disk.filling";
    /** A device busy at or above {@link #DISK_BUSY_THRESHOLD} of the interval. */
    public static final String DISK_BUSY = "disk.busy";
    /** Receive or transmit errors during the interval. */
    public static final String NETWORK_ERRORS = "network.errors";
    /** Dropped packets during the interval. */
    public static final String NETWORK_DROPS = "network.drops";
    /** Heap in use at or above {@link #HEAP_NEAR_LIMIT} of the heap limit. */
    public static final String JVM_HEAP_NEAR_LIMIT = "jvm.heap-near-limit";
    /** GC overhead above its threshold. */
    public static final String JVM_GC_OVERHEAD = "jvm.gc-overhead";
    /** Heap after GC above its threshold. */
    public static final String JVM_HEAP_AFTER_GC = "jvm.heap-after-gc";
    /** A thread pool of {@link #LARGE_THREAD_POOL} threads or more. */
    public static final String JVM_THREAD_POOL_LARGE = "jvm.thread-pool-large";
    /** Live threads above the thread threshold. */
    public static final String JVM_THREADS = "jvm.threads";

    /** The steal share that {@value #CPU_STEAL} reports: 10 %. */
    public static final double STEAL_THRESHOLD = 0.10;
    /** The iowait share that {@value #CPU_IOWAIT} reports: 20 %. */
    public static final double IOWAIT_THRESHOLD = 0.20;
    /** The busy share of a device that {@value #DISK_BUSY} reports: 80 %. */
    public static final double DISK_BUSY_THRESHOLD = 0.80;
    /** How soon a file system must fill for {@value #DISK_FILLING} to report it: within a day. */
    public static final Duration DISK_FULL_HORIZON = Duration.ofHours(24);
    /** The heap share of its limit that {@value #JVM_HEAP_NEAR_LIMIT} reports: 90 %. */
    public static final double HEAP_NEAR_LIMIT = 0.90;
    /** The threads of one pool that {@value #JVM_THREAD_POOL_LARGE} reports: 200. */
    public static final int LARGE_THREAD_POOL = 200;

    private Advisors() {
    }

    /**
     * The built-in advisors, judging the score's indicators by {@code thresholds}.
     *
     * @param thresholds the thresholds that decide when an indicator needs advice
     * @return the built-in advisors, judging the score's indicators by {@code thresholds}
     */
    public static List<Advisor> defaults(HealthThresholds thresholds) {
        double cpu = thresholds.get(Indicator.CPU).threshold();
        double memory = thresholds.get(Indicator.MEMORY).threshold();
        double swap = thresholds.get(Indicator.SWAP).threshold();
        double disk = thresholds.get(Indicator.DISK).threshold();
        double gc = thresholds.get(Indicator.GC_OVERHEAD).threshold();
        double afterGc = thresholds.get(Indicator.HEAP_AFTER_GC).threshold();
        double threads = thresholds.get(Indicator.THREADS).threshold();
        return List.of(
                Advisor.when(Resource.CPU, CPU_SATURATED,
                        in -> in.hostHasInterval() && hostCpu(in).total() > cpu,
                        in -> "CPU is " + percent(hostCpu(in).total()) + " busy on " + hostCpu(in).cores()
                                + " cores" + busiest(host(in)) + ": find what the busiest process does (a profile"
                                + " or thread dump), spread the work, or add cores"),
                Advisor.when(Resource.CPU, CPU_RUN_QUEUE,
                        in -> in.currentHost() != null && hostLoad(in).one() > hostCpu(in).cores(),
                        in -> "The one-minute load average " + Format.number(hostLoad(in).one()) + " exceeds the "
                                + hostCpu(in).cores() + " cores: more tasks are ready to run than cores can run,"
                                + " so work waits"),
                Advisor.when(Resource.CPU, CPU_STEAL,
                        in -> in.hostHasInterval() && hostCpu(in).steal() >= STEAL_THRESHOLD,
                        in -> "The hypervisor gives " + percent(hostCpu(in).steal()) + " of this machine's CPU time"
                                + " to other guests (steal): move to a less crowded host or a dedicated instance"),
                Advisor.when(Resource.CPU, CPU_IOWAIT,
                        in -> in.hostHasInterval() && hostCpu(in).iowait() >= IOWAIT_THRESHOLD,
                        in -> "CPUs wait for disk I/O " + percent(hostCpu(in).iowait()) + " of the time: explain"
                                + " DISK to find the busy device"),
                Advisor.when(Resource.CPU, CPU_GC,
                        in -> in.jvm() != null && jvm(in).gcOverhead() > gc,
                        in -> "This JVM spends " + percent(jvm(in).gcOverhead()) + " of its CPU time collecting"
                                + " garbage: explain JVM"),
                Advisor.when(Resource.MEMORY, MEMORY_LOW,
                        in -> in.currentHost() != null && hostMemory(in).utilization() > memory,
                        in -> "Only " + Format.bytes(hostMemory(in).available()) + " of "
                                + Format.bytes(hostMemory(in).total()) + " is available ("
                                + percent(hostMemory(in).utilization()) + " used)" + largest(host(in))
                                + ": lower its memory, move work elsewhere, or add memory"),
                Advisor.when(Resource.MEMORY, MEMORY_SWAPPING,
                        in -> in.currentHost() != null && hostMemory(in).swapUtilization() > swap,
                        in -> "Swap is " + percent(hostMemory(in).swapUtilization()) + " used: memory is short and"
                                + " pages go to disk, which slows every process that touches them"),
                Advisor.when(Resource.MEMORY, MEMORY_OOM_KILLS,
                        in -> in.hostHasInterval() && host(in).oomKills() > 0,
                        in -> "The kernel killed " + host(in).oomKills() + " process(es) for lack of memory in the"
                                + " last " + host(in).interval().toSeconds() + " s: `dmesg` names them; set memory"
                                + " limits so the right process gives way"),
                Advisor.when(Resource.MEMORY, MEMORY_ESTIMATED,
                        in -> in.currentHost() != null && hostMemory(in).availableEstimated(),
                        in -> "This kernel (before 3.14) has no MemAvailable: available memory is estimated as"
                                + " MemFree + Buffers + Cached + SReclaimable"),
                Advisor.when(Resource.DISK, DISK_NEARLY_FULL,
                        in -> in.currentHost() != null && host(in).fullestDisk() != null
                                && fullestDisk(in).utilization() > disk,
                        in -> diskFull(fullestDisk(in))),
                onFinding(Resource.DISK, DISK_FILLING,
                        in -> Optional.ofNullable(Trends.hoursToFull(in))
                                .filter(hours -> hours < DISK_FULL_HORIZON.toHours()),
                        (in, hours) -> String.format(Locale.ROOT, "At its recent rate %s fills in about %.1f h: find"
                                        + " what writes (the top writers, log rotation) before it is full",
                                fullestDisk(in).mountPoint(), hours)),
                onFinding(Resource.DISK, DISK_BUSY,
                        in -> in.hostHasInterval() ? Optional.ofNullable(busiestDevice(host(in)))
                                .filter(io -> io.busy() >= DISK_BUSY_THRESHOLD) : Optional.empty(),
                        (in, io) -> "Device " + io.device() + " is busy " + percent(io.busy()) + " of the time:"
                                + " requests queue up; spread the I/O, batch writes, or move to faster storage"),
                Advisor.when(Resource.NETWORK, NETWORK_ERRORS,
                        in -> in.hostHasInterval() && host(in).network().stream()
                                .anyMatch(n -> n.receiveErrors() + n.sendErrors() > 0),
                        in -> host(in).network().stream().filter(n -> n.receiveErrors() + n.sendErrors() > 0)
                                .map(n -> n.name() + " had " + n.receiveErrors() + " receive and " + n.sendErrors()
                                        + " transmit errors")
                                .reduce((a, b) -> a + "; " + b).orElse("")
                                + " in the last interval: check the cable, the driver and the duplex setting"),
                Advisor.when(Resource.NETWORK, NETWORK_DROPS,
                        in -> in.hostHasInterval() && host(in).network().stream()
                                .anyMatch(n -> n.receiveDrops() + n.sendDrops() > 0),
                        in -> host(in).network().stream().filter(n -> n.receiveDrops() + n.sendDrops() > 0)
                                .map(n -> n.name() + " dropped " + (n.receiveDrops() + n.sendDrops()) + " packets")
                                .reduce((a, b) -> a + "; " + b).orElse("")
                                + " in the last interval: a receive queue overflows (ring buffers, netdev_max_backlog)"
                                + " or a firewall drops them"),
                Advisor.when(Resource.JVM, JVM_HEAP_NEAR_LIMIT,
                        in -> in.jvm() != null && jvm(in).heapUtilization() >= HEAP_NEAR_LIMIT,
                        in -> "The heap is at " + percent(jvm(in).heapUtilization()) + " of its limit ("
                                + Format.bytes(jvm(in).heapUsed()) + " of " + Format.bytes(jvm(in).heapMax())
                                + "): raise -Xmx, or take a heap dump to see what holds the memory"),
                Advisor.when(Resource.JVM, JVM_GC_OVERHEAD,
                        in -> in.jvm() != null && jvm(in).gcOverhead() > gc,
                        in -> "GC takes " + percent(jvm(in).gcOverhead()) + " of CPU time: the heap is too small for"
                                + " the live data, or the code allocates too much; raise -Xmx or profile allocation"),
                Advisor.when(Resource.JVM, JVM_HEAP_AFTER_GC,
                        in -> in.jvm() != null && jvm(in).heapAfterGc() > afterGc,
                        in -> percent(jvm(in).heapAfterGc()) + " of the long-lived heap stays in use after GC: a leak"
                                + " or a heap too small for the live data; compare two heap dumps"),
                Advisor.when(Resource.JVM, JVM_THREAD_POOL_LARGE,
                        in -> in.jvm() != null && jvm(in).largestThreadPool() != null
                                && largestPool(in).threads() >= LARGE_THREAD_POOL,
                        in -> "Thread pool '" + largestPool(in).name() + "' has "
                                + largestPool(in).threads() + " threads: bound the pool, or take a"
                                + " thread dump to see what its threads wait for"),
                Advisor.when(Resource.JVM, JVM_THREADS,
                        in -> in.jvm() != null && jvm(in).liveThreads() > threads,
                        in -> jvm(in).liveThreads() + " live threads (peak " + jvm(in).peakThreads() + "): each"
                                + " costs a stack and scheduling; bound the pools that grow"));
    }

    /**
     * An advisor on one resource that advises when {@code finding} finds something in the input, from what it
     * found: the finding is computed once per call.
     */
    private static <T> Advisor onFinding(Resource resource, String id, Function<HealthInput, Optional<T>> finding,
                                         BiFunction<HealthInput, T, String> advice) {
        return (explained, input) -> explained != resource ? Optional.empty()
                : finding.apply(input).map(found -> new Explanation.Recommendation(id, advice.apply(input, found)));
    }

    private static String busiest(HostSnapshot host) {
        if (host.topByCpu().isEmpty()) {
            return "";
        }
        HostSnapshot.ProcessUsage top = host.topByCpu().get(0);
        return "; the busiest process is " + top.name() + " (pid " + top.pid() + ") at " + percent(top.cpu());
    }

    private static String largest(HostSnapshot host) {
        if (host.topByMemory().isEmpty()) {
            return "";
        }
        HostSnapshot.ProcessUsage top = host.topByMemory().get(0);
        return "; the largest process is " + top.name() + " (pid " + top.pid() + ") with "
                + Format.bytes(top.residentBytes()) + " resident";
    }

    private static String diskFull(HostSnapshot.Disk disk) {
        return disk.mountPoint() + " is " + percent(disk.utilization()) + " full (" + Format.bytes(disk.available())
                + " available of " + Format.bytes(disk.total()) + "): delete or rotate old files, or grow the volume";
    }

    static HostSnapshot.@Nullable DiskIo busiestDevice(HostSnapshot host) {
        HostSnapshot.DiskIo busiest = null;
        for (HostSnapshot.DiskIo io : host.diskIo()) {
            if (busiest == null || io.busy() > busiest.busy()) {
                busiest = io;
            }
        }
        return busiest;
    }

    // The helpers below read what an advisor's condition checked is there: a host that was read, a JVM snapshot.

    private static HostSnapshot host(HealthInput in) {
        return Objects.requireNonNull(in.currentHost(), "the advisor's condition checks the host was read");
    }

    private static HostSnapshot.Cpu hostCpu(HealthInput in) {
        return host(in).requireCpu();
    }

    private static HostSnapshot.Load hostLoad(HealthInput in) {
        return host(in).requireLoad();
    }

    private static HostSnapshot.Memory hostMemory(HealthInput in) {
        return host(in).requireMemory();
    }

    private static HostSnapshot.Disk fullestDisk(HealthInput in) {
        return Objects.requireNonNull(host(in).fullestDisk(), "the advisor's condition checks a disk is listed");
    }

    private static JvmSnapshot jvm(HealthInput in) {
        return Objects.requireNonNull(in.jvm(), "the advisor's condition checks there is a JVM snapshot");
    }

    private static JvmSnapshot.ThreadPool largestPool(HealthInput in) {
        return Objects.requireNonNull(jvm(in).largestThreadPool(), "the advisor's condition checks a pool is listed");
    }
}
