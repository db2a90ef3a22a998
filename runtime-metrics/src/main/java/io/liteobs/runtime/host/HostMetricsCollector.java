package io.liteobs.runtime.host;

import io.liteobs.MetricsManager;
import io.liteobs.internal.DaemonThreads;
import io.liteobs.internal.ThrottledLogger;
import io.liteobs.runtime.host.ProcParsers.CpuTimes;
import io.liteobs.runtime.host.ProcParsers.DiskStat;
import io.liteobs.runtime.host.ProcParsers.LoadAvg;
import io.liteobs.runtime.host.ProcParsers.MemInfo;
import io.liteobs.runtime.host.ProcParsers.Mount;
import io.liteobs.runtime.host.ProcParsers.NetDev;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the host's CPU, load, memory, swap, disks, network, OOM kills and busiest processes from /proc and /sys
 * on Linux, on demand ({@link #collect()}) or on a schedule ({@link #start(MetricsManager)}, on the daemon thread
 * {@value #THREAD_NAME}). Once started, every collection, scheduled or by hand, is recorded into the
 * {@link MetricsManager} once.
 *
 * <pre>{@code
 * HostMetricsCollector host = HostMetricsCollector.builder().interval(Duration.ofSeconds(15)).build();
 * host.start(liteObs.metrics());                 // false, and nothing scheduled, on a machine without /proc
 * HostSnapshot now = host.collect();
 * host.close();
 * }</pre>
 *
 * <p>Counters are read as differences between collections, so the first collection reports figures since boot
 * ({@link HostSnapshot#baseline()}) and is not recorded as counter increments. A part of /proc that cannot be read
 * (a file a container hides) leaves that part empty and the rest is collected. On a machine without /proc every
 * collection is {@link HostSnapshot.Status#UNAVAILABLE}, nothing is scheduled, nothing is thrown. The recorded
 * series are listed in docs/runtime-and-host-metrics.md.
 *
 * <p>The first collection reads every process; later ones read at most
 * {@link Builder#processReadsPerCollection(int)} of them (the processes of both top lists every time, the others
 * in turn), so that a collection costs well under a millisecond however many processes the host runs. A process
 * enters a top list with its latest reading, at most one round of the others old, and is read every collection
 * from then on.
 *
 * <p>Thread-safe: collections are serialised.
 */
public final class HostMetricsCollector implements AutoCloseable {

    /** The name of the collecting thread. */
    public static final String THREAD_NAME = "liteobs-host-metrics";
    /** The default interval between scheduled collections: fifteen seconds. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** The default number of processes listed by CPU and by memory. */
    public static final int DEFAULT_TOP_PROCESSES = 5;
    /**
     * The default number of /proc/[pid]/stat files a collection reads after the first: the processes of both top
     * lists, and others in turn.
     */
    public static final int DEFAULT_PROCESS_READS = 24;
    /** The default number of recent snapshots kept for {@link #recent()}. */
    public static final int DEFAULT_HISTORY = 40;
    /** The clock ticks per second of /proc ({@code USER_HZ}), fixed at 100 by the kernel's ABI. */
    public static final int USER_HZ = 100;

    private static final Logger LOG = LoggerFactory.getLogger(HostMetricsCollector.class);
    private static final Pattern PARTITION = Pattern.compile(
            "(?:[sv]d[a-z]+|xvd[a-z]+|hd[a-z]+)\\d+|(?:nvme\\d+n\\d+|mmcblk\\d+)p\\d+");
    private static final int SECTOR_BYTES = 512;

    private final Path procRoot;
    private final Path sysRoot;
    private final int historySize;
    private final Duration interval;
    private final Clock clock;
    private final DiskSpace diskSpace;
    private final String unavailableReason;
    private final ProcReader reader = new ProcReader();
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final ArrayDeque<HostSnapshot> history = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, FileStore> fileStores = new HashMap<>();
    private final Map<String, Boolean> wholeDisks = new HashMap<>();
    private final ProcessRanking processes;

    private Readings previous;
    private volatile HostSnapshot latest;
    private ScheduledExecutorService scheduler;
    /** Set by start() and cleared by close(): every collection in between is recorded. */
    private HostRecorder recorder;
    private final List<Consumer<HostSnapshot>> listeners = new CopyOnWriteArrayList<>();

    private HostMetricsCollector(Builder builder) {
        this.procRoot = builder.procRoot;
        this.sysRoot = builder.sysRoot;
        this.historySize = builder.history;
        this.interval = builder.interval;
        this.clock = builder.clock;
        this.diskSpace = builder.diskSpace != null ? builder.diskSpace : this::fileStoreSpace;
        this.unavailableReason = checkAvailable(procRoot);
        this.processes = unavailableReason == null && builder.topProcesses > 0
                ? new ProcessRanking(procRoot, reader, builder.topProcesses, builder.processReads) : null;
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this host has a readable /proc; when not, {@link #unavailableReason()} says why. */
    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Why the host cannot be read, or null when it can. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** The interval of scheduled collections. */
    public Duration interval() {
        return interval;
    }

    /**
     * Reads the host now and, once {@link #start(MetricsManager) started}, records the snapshot. Never throws: an
     * unreadable part is left empty, a host without /proc gives an {@link HostSnapshot.Status#UNAVAILABLE}
     * snapshot.
     */
    public synchronized HostSnapshot collect() {
        long now = clock.millis();
        HostSnapshot snapshot;
        if (unavailableReason != null) {
            snapshot = HostSnapshot.unavailable(unavailableReason, now);
        } else {
            try {
                snapshot = read(now);
            } catch (IOException | RuntimeException e) {
                warnings.warn("Reading host metrics from {} failed; the next collection tries again", procRoot, e);
                snapshot = HostSnapshot.unavailable("reading " + procRoot + " failed: " + e, now);
            }
        }
        latest = snapshot;
        history.addLast(snapshot);
        while (history.size() > historySize) {
            history.removeFirst();
        }
        if (recorder != null) {
            record(snapshot);
        }
        for (Consumer<HostSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                warnings.warn("A listener of host collections failed; the snapshot stands", e);
            }
        }
        return snapshot;
    }

    /** The latest snapshot; collects one first if there is none yet. */
    public HostSnapshot latest() {
        HostSnapshot snapshot = latest;
        return snapshot != null ? snapshot : collect();
    }

    /** The most recent snapshots, oldest first, at most the configured history. */
    public synchronized List<HostSnapshot> recent() {
        return List.copyOf(history);
    }

    /**
     * Collects once at once, on the caller's thread (so that {@link #latest()} has a snapshot when this returns),
     * then every interval on the daemon thread {@value #THREAD_NAME}. From now until {@link #close()}, every
     * collection, scheduled or by hand, is recorded into {@code metrics}. Does nothing when the host is
     * unavailable, the collector closed or already started.
     *
     * @param metrics where to record; never null
     * @return whether collections are scheduled
     */
    public synchronized boolean start(MetricsManager metrics) {
        Objects.requireNonNull(metrics, "metrics");
        if (unavailableReason != null) {
            LOG.info("Host metrics not collected: {}", unavailableReason);
            return false;
        }
        if (closed.get() || scheduler != null) {
            return scheduler != null;
        }
        recorder = new HostRecorder(metrics);
        recorder.describe();
        collect();
        scheduler = DaemonThreads.scheduler(THREAD_NAME);
        scheduler.scheduleAtFixedRate(this::collectOnSchedule, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return true;
    }

    /** Whether scheduled collection is running. */
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /**
     * Stops scheduled collection and the recording of collections; idempotent. A collection in progress finishes.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
            recorder = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("{} did not stop within 5 s", THREAD_NAME);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Calls {@code listener} with every snapshot from now on, after it is recorded, on the collecting thread (the
     * scheduler's, or the caller of {@link #collect()}), under the collector's lock: keep it short. A listener that
     * throws is logged and the others still run.
     *
     * @param listener never null
     */
    public void addListener(Consumer<HostSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void record(HostSnapshot snapshot) {
        try {
            recorder.record(snapshot);
        } catch (RuntimeException e) {
            warnings.warn("Recording host metrics failed; the next collection records again", e);
        }
    }

    private void collectOnSchedule() {
        try {
            collect();
        } catch (Throwable t) {
            // anything escaping a periodic task, an Error too, silently cancels every later collection
            warnings.warn("Collecting host metrics failed; the next collection runs on schedule", t);
        }
    }

    private static String checkAvailable(Path procRoot) {
        for (String file : new String[] {"stat", "meminfo", "loadavg"}) {
            if (!Files.isReadable(procRoot.resolve(file))) {
                return "no readable " + procRoot.resolve(file) + ": host metrics need Linux (this is "
                        + System.getProperty("os.name") + ")";
            }
        }
        return null;
    }

    // ---- one collection ----

    /** The raw counters of a collection, kept to compute the next one's differences. */
    private record Readings(CpuTimes cpu, double uptimeSeconds, Map<String, DiskStat> disks,
                            Map<String, NetDev> network, long oomKills) {
    }

    private HostSnapshot read(long now) throws IOException {
        CpuTimes cpuTimes = ProcParsers.parseStat(reader.read(procRoot.resolve("stat")));
        LoadAvg loadAvg = ProcParsers.parseLoadavg(reader.read(procRoot.resolve("loadavg")));
        MemInfo memInfo = ProcParsers.parseMeminfo(reader.read(procRoot.resolve("meminfo")));
        double uptime = optional("uptime", text -> ProcParsers.parseUptime(text), -1.0);
        long oomTotal = optional("vmstat", ProcParsers::parseOomKills, -1L);
        Map<String, DiskStat> diskStats = new LinkedHashMap<>();
        for (DiskStat disk : optional("diskstats", ProcParsers::parseDiskstats, List.<DiskStat>of())) {
            if (isWholeDisk(disk)) {
                diskStats.put(disk.device(), disk);
            }
        }
        Map<String, NetDev> netDevs = new LinkedHashMap<>();
        for (NetDev dev : optional("net/dev", ProcParsers::parseNetDev, List.<NetDev>of())) {
            if (!dev.name().equals("lo")) {
                netDevs.put(dev.name(), dev);
            }
        }

        Readings before = previous;
        boolean baseline = before == null;
        Readings current = new Readings(cpuTimes, uptime, diskStats, netDevs, oomTotal);
        previous = current;

        double intervalSeconds = intervalSeconds(before, uptime);
        HostSnapshot.Cpu cpu = cpu(cpuTimes, baseline ? null : before.cpu());
        ProcessRanking.Top top = processes == null ? ProcessRanking.Top.NONE
                : processes.rank(cpuTimes.total(), cpuTimes.cores(), uptime);
        return new HostSnapshot(HostSnapshot.Status.AVAILABLE, null, now, Duration.ofMillis(
                Math.max(0, Math.round(intervalSeconds * 1000))), baseline, cpu,
                new HostSnapshot.Load(loadAvg.one(), loadAvg.five(), loadAvg.fifteen(), loadAvg.runnable(),
                        loadAvg.entities()),
                memory(memInfo), disks(), diskIo(diskStats, baseline ? Map.of() : before.disks(), intervalSeconds),
                network(netDevs, baseline ? Map.of() : before.network()), oomKillsSince(before, oomTotal),
                top.byCpu(), top.byMemory());
    }

    /**
     * The seconds the differences cover: the uptime for the first collection, whose differences reach back to
     * boot; -1 when /proc/uptime could not be read now or then.
     */
    private static double intervalSeconds(Readings before, double uptime) {
        if (before == null) {
            return uptime;
        }
        return uptime >= 0 && before.uptimeSeconds() >= 0 ? uptime - before.uptimeSeconds() : -1;
    }

    /**
     * The OOM kills since the previous collection, or since boot when there is no previous count; -1 when the
     * kernel does not count them.
     */
    private static long oomKillsSince(Readings before, long oomTotal) {
        if (oomTotal < 0) {
            return -1;
        }
        if (before == null || before.oomKills() < 0) {
            return oomTotal;
        }
        return Math.max(0, oomTotal - before.oomKills());
    }

    /** Parses a file that may be missing or hidden: its absence leaves one figure out, not the collection. */
    private <T> T optional(String file, Parser<T> parser, T otherwise) {
        try {
            return parser.parse(reader.read(procRoot.resolve(file)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} not read: {}", procRoot.resolve(file), e.toString());
            return otherwise;
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
    }

    private static HostSnapshot.Cpu cpu(CpuTimes now, CpuTimes before) {
        long total = now.total() - (before == null ? 0 : before.total());
        if (total <= 0) {
            return new HostSnapshot.Cpu(now.cores(), 0, 0, 0, 0, 0);
        }
        CpuTimes b = before == null ? new CpuTimes(0, 0, 0, 0, 0, 0, 0, 0, 0) : before;
        double user = ratio(now.user() - b.user() + now.nice() - b.nice(), total);
        double system = ratio(now.system() - b.system() + now.irq() - b.irq() + now.softirq() - b.softirq(), total);
        double iowait = ratio(now.iowait() - b.iowait(), total);
        double idle = ratio(now.idle() - b.idle(), total);
        double steal = ratio(now.steal() - b.steal(), total);
        return new HostSnapshot.Cpu(now.cores(), clamp(1 - idle - iowait), user, system, iowait, steal);
    }

    private static HostSnapshot.Memory memory(MemInfo info) {
        boolean estimated = info.available() < 0;
        long available = estimated
                ? Math.min(info.total(), info.free() + info.buffers() + info.cached() + info.reclaimableSlab())
                : info.available();
        return new HostSnapshot.Memory(info.total(), available, estimated, info.free(), info.swapTotal(),
                info.swapFree());
    }

    private List<HostSnapshot.Disk> disks() {
        List<Mount> mounts = optional("mounts", ProcParsers::parseMounts, List.<Mount>of());
        List<HostSnapshot.Disk> disks = new ArrayList<>();
        for (Mount mount : ProcParsers.dataMounts(mounts)) {
            try {
                long[] space = diskSpace.read(mount.mountPoint());
                if (space != null && space[0] > 0) {
                    long used = Math.max(0, space[0] - space[1]);
                    disks.add(new HostSnapshot.Disk(mount.mountPoint(), mount.device(), mount.fsType(), space[0],
                            used, space[2]));
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("No disk usage for {}: {}", mount.mountPoint(), e.toString());
            }
        }
        return disks;
    }

    private boolean isWholeDisk(DiskStat disk) {
        String name = disk.device();
        if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")) {
            return false;
        }
        if (disk.reads() == 0 && disk.writes() == 0) {
            return false;
        }
        return wholeDisks.computeIfAbsent(name, device -> {
            Path block = sysRoot.resolve("block");
            return Files.isDirectory(block) ? Files.exists(block.resolve(device))
                    : !PARTITION.matcher(device).matches();
        });
    }

    private static List<HostSnapshot.DiskIo> diskIo(Map<String, DiskStat> now, Map<String, DiskStat> before,
                                                    double intervalSeconds) {
        List<HostSnapshot.DiskIo> result = new ArrayList<>();
        for (DiskStat disk : now.values()) {
            DiskStat b = before.getOrDefault(disk.device(), new DiskStat(disk.device(), 0, 0, 0, 0, 0));
            long busyMillis = Math.max(0, disk.ioTicksMillis() - b.ioTicksMillis());
            double busy = intervalSeconds > 0 ? clamp(busyMillis / (intervalSeconds * 1000)) : 0;
            result.add(new HostSnapshot.DiskIo(disk.device(),
                    Math.max(0, disk.sectorsRead() - b.sectorsRead()) * SECTOR_BYTES,
                    Math.max(0, disk.sectorsWritten() - b.sectorsWritten()) * SECTOR_BYTES,
                    Math.max(0, disk.reads() - b.reads()), Math.max(0, disk.writes() - b.writes()), busy));
        }
        return result;
    }

    private static List<HostSnapshot.NetworkInterface> network(Map<String, NetDev> now, Map<String, NetDev> before) {
        List<HostSnapshot.NetworkInterface> result = new ArrayList<>();
        for (NetDev dev : now.values()) {
            NetDev b = before.getOrDefault(dev.name(), new NetDev(dev.name(), 0, 0, 0, 0, 0, 0, 0, 0));
            result.add(new HostSnapshot.NetworkInterface(dev.name(),
                    Math.max(0, dev.receivedBytes() - b.receivedBytes()), Math.max(0, dev.sentBytes() - b.sentBytes()),
                    Math.max(0, dev.receiveErrors() - b.receiveErrors()),
                    Math.max(0, dev.sendErrors() - b.sendErrors()),
                    Math.max(0, dev.receiveDrops() - b.receiveDrops()),
                    Math.max(0, dev.sendDrops() - b.sendDrops())));
        }
        return result;
    }

    private long[] fileStoreSpace(String mountPoint) throws IOException {
        FileStore store = fileStores.get(mountPoint);
        if (store == null) {
            store = Files.getFileStore(Path.of(mountPoint));
            fileStores.put(mountPoint, store);
        }
        return new long[] {store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace()};
    }

    private static double ratio(long part, long total) {
        return total <= 0 ? 0 : clamp((double) Math.max(0, part) / total);
    }

    private static double clamp(double ratio) {
        return Math.max(0, Math.min(1, ratio));
    }

    /**
     * The space of a mounted file system: {@code {total, free, available}} in bytes, {@code free} counting blocks
     * reserved for root, {@code available} not; null when unknown. Replaced in tests, which replay another
     * machine's /proc/mounts.
     */
    @FunctionalInterface
    interface DiskSpace {
        long[] read(String mountPoint) throws IOException;
    }

    /**
     * Builds a {@link HostMetricsCollector}; defaults: /proc and /sys,
     * {@link HostMetricsCollector#DEFAULT_INTERVAL}, {@value HostMetricsCollector#DEFAULT_TOP_PROCESSES} top processes,
     * {@value HostMetricsCollector#DEFAULT_HISTORY} snapshots of history, the system clock.
     */
    public static final class Builder {
        private Path procRoot = Path.of("/proc");
        private Path sysRoot = Path.of("/sys");
        private Duration interval = DEFAULT_INTERVAL;
        private int topProcesses = DEFAULT_TOP_PROCESSES;
        private int processReads = DEFAULT_PROCESS_READS;
        private int history = DEFAULT_HISTORY;
        private Clock clock = Clock.systemUTC();
        private DiskSpace diskSpace;

        private Builder() {
        }

        /** Where /proc is: another root replays recorded files. */
        public Builder procRoot(Path root) {
            this.procRoot = Objects.requireNonNull(root, "procRoot");
            return this;
        }

        /** Where /sys is; used to tell whole disks from partitions. */
        public Builder sysRoot(Path root) {
            this.sysRoot = Objects.requireNonNull(root, "sysRoot");
            return this;
        }

        /**
         * The interval between scheduled collections.
         *
         * @throws IllegalArgumentException when below one second
         */
        public Builder interval(Duration collectionInterval) {
            Objects.requireNonNull(collectionInterval, "interval");
            if (collectionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("interval must be at least 1 s, got " + collectionInterval);
            }
            this.interval = collectionInterval;
            return this;
        }

        /**
         * How many processes each top list holds; 0 reads no process at all (the cheapest collection).
         *
         * @throws IllegalArgumentException when negative or above 100
         */
        public Builder topProcesses(int count) {
            if (count < 0 || count > 100) {
                throw new IllegalArgumentException("topProcesses must be from 0 to 100, got " + count);
            }
            this.topProcesses = count;
            return this;
        }

        /**
         * How many processes a collection reads at most, after the first, which reads them all: reading
         * {@code /proc/[pid]/stat} costs about 9 µs a process, so this bounds what a collection costs however many
         * processes the host runs. The processes of both top lists are read every collection, processes not read
         * yet next, then the ones read longest ago; with {@code n} processes, each is read again at least every
         * {@code n / (reads - 2 * topProcesses)} collections. A higher figure finds a process that turned busy
         * sooner, at about 9 µs more per collection for each process more.
         *
         * @throws IllegalArgumentException when below 1 or above 100,000; {@link #build()} also refuses a figure
         *                                  below twice {@code topProcesses}
         */
        public Builder processReadsPerCollection(int reads) {
            if (reads < 1 || reads > 100_000) {
                throw new IllegalArgumentException("processReadsPerCollection must be from 1 to 100000, got " + reads);
            }
            this.processReads = reads;
            return this;
        }

        /**
         * How many recent snapshots {@link HostMetricsCollector#recent()} keeps.
         *
         * @throws IllegalArgumentException when below 1 or above 10,000
         */
        public Builder history(int snapshots) {
            if (snapshots < 1 || snapshots > 10_000) {
                throw new IllegalArgumentException("history must be from 1 to 10000, got " + snapshots);
            }
            this.history = snapshots;
            return this;
        }

        /** The clock that stamps snapshots and recorded points. */
        public Builder clock(Clock snapshotClock) {
            this.clock = Objects.requireNonNull(snapshotClock, "clock");
            return this;
        }

        Builder diskSpace(DiskSpace space) {
            this.diskSpace = space;
            return this;
        }

        /**
         * A collector; not collecting until {@link HostMetricsCollector#start(MetricsManager)}.
         *
         * @throws IllegalArgumentException when {@code processReadsPerCollection} cannot cover both top lists
         */
        public HostMetricsCollector build() {
            if (topProcesses > 0 && processReads < 2 * topProcesses) {
                throw new IllegalArgumentException("processReadsPerCollection (" + processReads + ") is below twice "
                        + "topProcesses (" + topProcesses + "): the processes of both top lists are read every "
                        + "collection; raise it to at least " + 2 * topProcesses + " or lower topProcesses");
            }
            return new HostMetricsCollector(this);
        }
    }
}
