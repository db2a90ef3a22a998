package io.liteobs.runtime.host;

import io.liteobs.runtime.host.ProcParsers.CpuTimes;
import io.liteobs.runtime.host.ProcParsers.DiskStat;
import io.liteobs.runtime.host.ProcParsers.MemInfo;
import io.liteobs.runtime.host.ProcParsers.NetDev;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns readings into snapshots: counters become differences since the previous reading (or, for the first, since
 * boot: a baseline), ticks become ratios. Not thread-safe: the collector serialises collections.
 */
final class HostDeltas {

    private static final int SECTOR_BYTES = 512;
    private static final CpuTimes NO_TICKS = new CpuTimes(0, 0, 0, 0, 0, 0, 0, 0, 0);

    private HostReader.@Nullable Reading previous;

    /** The snapshot of {@code current}, stamped {@code now}; {@code current} becomes the previous reading. */
    HostSnapshot next(HostReader.Reading current, long now) {
        HostReader.Reading before = previous;
        previous = current;
        boolean baseline = before == null;
        double intervalSeconds = intervalSeconds(before, current.uptimeSeconds());
        ProcParsers.LoadAvg load = current.load();
        return new HostSnapshot(HostSnapshot.Status.AVAILABLE, null, now,
                Duration.ofMillis(Math.max(0, Math.round(intervalSeconds * 1000))), baseline,
                cpu(current.cpu(), before == null ? NO_TICKS : before.cpu()),
                new HostSnapshot.Load(load.one(), load.five(), load.fifteen(), load.runnable(), load.entities()),
                memory(current.memory()), current.disks(),
                diskIo(current.diskStats(), before == null ? Map.of() : before.diskStats(), intervalSeconds),
                network(current.network(), before == null ? Map.of() : before.network()),
                oomKillsSince(before, current.oomKills()), current.top().byCpu(), current.top().byMemory());
    }

    /**
     * The seconds the differences cover: the uptime for the first collection, whose differences reach back to
     * boot; -1 when /proc/uptime could not be read now or then.
     */
    private static double intervalSeconds(HostReader.@Nullable Reading before, double uptime) {
        if (before == null) {
            return uptime;
        }
        return uptime >= 0 && before.uptimeSeconds() >= 0 ? uptime - before.uptimeSeconds() : -1;
    }

    /**
     * The OOM kills since the previous collection, or since boot when there is no previous count; -1 when the
     * kernel does not count them.
     */
    private static long oomKillsSince(HostReader.@Nullable Reading before, long oomTotal) {
        if (oomTotal < 0) {
            return -1;
        }
        if (before == null || before.oomKills() < 0) {
            return oomTotal;
        }
        return Math.max(0, oomTotal - before.oomKills());
    }

    private static HostSnapshot.Cpu cpu(CpuTimes now, CpuTimes before) {
        long total = now.total() - before.total();
        if (total <= 0) {
            return new HostSnapshot.Cpu(now.cores(), 0, 0, 0, 0, 0);
        }
        double user = ratio(now.user() - before.user() + now.nice() - before.nice(), total);
        double system = ratio(now.system() - before.system() + now.irq() - before.irq() + now.softirq()
                - before.softirq(), total);
        double iowait = ratio(now.iowait() - before.iowait(), total);
        double idle = ratio(now.idle() - before.idle(), total);
        double steal = ratio(now.steal() - before.steal(), total);
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

    private static double ratio(long part, long total) {
        return total <= 0 ? 0 : clamp((double) Math.max(0, part) / total);
    }

    private static double clamp(double ratio) {
        return Math.max(0, Math.min(1, ratio));
    }
}
