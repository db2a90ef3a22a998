package io.liteobs.runtime.host;

import io.liteobs.RedactionPolicy;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what one collection needs from /proc and /sys, as the kernel counts it: CPU ticks, load, memory, uptime,
 * OOM kills, disk and network counters, the space of each mounted file system, and the busiest processes. A file
 * that a container hides leaves its part empty; only stat, meminfo and loadavg are required. Not thread-safe: the
 * collector serialises collections.
 */
final class HostReader {

    private static final Logger LOG = LoggerFactory.getLogger(HostReader.class);
    private static final Pattern PARTITION = Pattern.compile(
            "(?:[sv]d[a-z]+|xvd[a-z]+|hd[a-z]+)\\d+|(?:nvme\\d+n\\d+|mmcblk\\d+)p\\d+");
    private static final String[] REQUIRED = {"stat", "meminfo", "loadavg"};

    private final Path procRoot;
    private final Path sysRoot;
    private final DiskSpace diskSpace;
    private final ProcReader files = new ProcReader();
    private final @Nullable ProcessRanking processes;
    private final Map<String, FileStore> fileStores = new HashMap<>();
    private final Map<String, Boolean> wholeDisks = new HashMap<>();

    /**
     * @param diskSpace    the space of a mount point, or null for the file system's own figures
     * @param topProcesses the processes in each top list; 0 reads none
     * @param processReads the /proc/[pid]/stat files a ranking reads at most, after the first
     * @param commandLines whether the processes' command lines are read
     * @param redaction    the policy that process names and command lines pass through
     */
    HostReader(Path procRoot, Path sysRoot, @Nullable DiskSpace diskSpace, int topProcesses, int processReads,
               boolean commandLines, RedactionPolicy redaction) {
        this.procRoot = procRoot;
        this.sysRoot = sysRoot;
        this.diskSpace = diskSpace != null ? diskSpace : this::fileStoreSpace;
        this.processes = topProcesses > 0 ? new ProcessRanking(procRoot, files, topProcesses, processReads,
                commandLines, redaction) : null;
    }

    /** Why a host cannot be read from {@code procRoot}, or null when it can. */
    static @Nullable String unavailableReason(Path procRoot) {
        for (String file : REQUIRED) {
            if (!Files.isReadable(procRoot.resolve(file))) {
                return "no readable " + procRoot.resolve(file) + ": host metrics need Linux (this is "
                        + System.getProperty("os.name") + ")";
            }
        }
        return null;
    }

    /**
     * What one collection read. Counters are totals since boot; the collector turns them into differences.
     *
     * @param uptimeSeconds seconds since boot; -1 when /proc/uptime could not be read
     * @param oomKills      OOM kills since boot; -1 when the kernel does not count them
     * @param diskStats     the counters of whole disks, by device
     * @param network       the counters of network interfaces but loopback, by name
     * @param disks         the space of each mounted data file system
     * @param top           the busiest processes, whose shares the ranking already took over its own interval
     */
    record Reading(CpuTimes cpu, LoadAvg load, MemInfo memory, double uptimeSeconds, long oomKills,
                   Map<String, DiskStat> diskStats, Map<String, NetDev> network, List<HostSnapshot.Disk> disks,
                   ProcessRanking.Top top) {
    }

    /** Reads the host now; fails when a required file cannot be read. */
    Reading read() throws IOException {
        CpuTimes cpu = ProcParsers.parseStat(files.read(procRoot.resolve("stat")));
        LoadAvg load = ProcParsers.parseLoadavg(files.read(procRoot.resolve("loadavg")));
        MemInfo memory = ProcParsers.parseMeminfo(files.read(procRoot.resolve("meminfo")));
        double uptime = optional("uptime", ProcParsers::parseUptime, -1.0);
        long oomKills = optional("vmstat", ProcParsers::parseOomKills, -1L);
        Map<String, DiskStat> diskStats = new LinkedHashMap<>();
        for (DiskStat disk : optional("diskstats", ProcParsers::parseDiskstats, List.<DiskStat>of())) {
            if (isWholeDisk(disk)) {
                diskStats.put(disk.device(), disk);
            }
        }
        Map<String, NetDev> network = new LinkedHashMap<>();
        for (NetDev dev : optional("net/dev", ProcParsers::parseNetDev, List.<NetDev>of())) {
            if (!dev.name().equals("lo")) {
                network.put(dev.name(), dev);
            }
        }
        ProcessRanking.Top top = processes == null ? ProcessRanking.Top.NONE
                : processes.rank(cpu.total(), cpu.cores(), uptime);
        return new Reading(cpu, load, memory, uptime, oomKills, diskStats, network, disks(), top);
    }

    /** Parses a file that may be missing or hidden: its absence leaves one figure out, not the collection. */
    private <T> T optional(String file, Parser<T> parser, T otherwise) {
        try {
            return parser.parse(files.read(procRoot.resolve(file)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} not read: {}", procRoot.resolve(file), e.toString());
            return otherwise;
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
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

    private long[] fileStoreSpace(String mountPoint) throws IOException {
        FileStore store = fileStores.get(mountPoint);
        if (store == null) {
            store = Files.getFileStore(Path.of(mountPoint));
            fileStores.put(mountPoint, store);
        }
        return new long[] {store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace()};
    }

    /**
     * The space of a mounted file system: {@code {total, free, available}} in bytes, {@code free} counting blocks
     * reserved for root, {@code available} not; null when unknown. Replaced in tests, which replay another
     * machine's /proc/mounts.
     */
    @FunctionalInterface
    interface DiskSpace {
        long @Nullable [] read(String mountPoint) throws IOException;
    }
}
