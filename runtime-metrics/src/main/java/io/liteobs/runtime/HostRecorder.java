package io.liteobs.runtime;

import io.liteobs.Labels;
import io.liteobs.MetricType;
import io.liteobs.MetricsManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records host snapshots as metric points, all stamped with the snapshot's time. Figures that are differences
 * (CPU utilisation, disk and network traffic, OOM kills, process CPU) are left out of a baseline snapshot, whose
 * differences reach back to boot. Not thread-safe: the collector calls it under its lock.
 */
final class HostRecorder {

    static final String RATIO = "ratio";
    static final String BYTES = "bytes";
    private static final int MAX_CACHED_LABELS = 4_096;

    private final MetricsManager metrics;
    private final Map<String, Labels> labels = new HashMap<>();

    HostRecorder(MetricsManager metrics) {
        this.metrics = metrics;
    }

    /** Describes every host series once, so that the file says what each is. */
    void describe() {
        describe("host.cpu.utilization", MetricType.GAUGE, RATIO,
                "Share of all cores' time busy over the collection interval, by mode (total, user, system, iowait,"
                        + " steal)");
        describe("host.cpu.count", MetricType.GAUGE, "cpus", "Logical CPUs");
        describe("host.load.average.1m", MetricType.GAUGE, "tasks", "Load average over one minute");
        describe("host.load.average.5m", MetricType.GAUGE, "tasks", "Load average over five minutes");
        describe("host.load.average.15m", MetricType.GAUGE, "tasks", "Load average over fifteen minutes");
        describe("host.memory.total", MetricType.GAUGE, BYTES, "Physical memory");
        describe("host.memory.available", MetricType.GAUGE, BYTES,
                "Memory available without swapping (MemAvailable, estimated on kernels before 3.14)");
        describe("host.memory.used", MetricType.GAUGE, BYTES, "Physical memory minus available memory");
        describe("host.memory.utilization", MetricType.GAUGE, RATIO, "Used over total physical memory");
        describe("host.memory.oom.kills", MetricType.COUNTER, "processes",
                "Processes killed by the kernel for lack of memory during the interval");
        describe("host.swap.total", MetricType.GAUGE, BYTES, "Swap space");
        describe("host.swap.used", MetricType.GAUGE, BYTES, "Swap space in use");
        describe("host.swap.utilization", MetricType.GAUGE, RATIO, "Used over total swap; 0 without swap");
        describe("host.disk.total", MetricType.GAUGE, BYTES, "Size of the mounted file system");
        describe("host.disk.used", MetricType.GAUGE, BYTES, "Space in use on the mounted file system");
        describe("host.disk.available", MetricType.GAUGE, BYTES, "Space still usable by unprivileged processes");
        describe("host.disk.utilization", MetricType.GAUGE, RATIO, "Used over used plus available, as df reports");
        describe("host.disk.io.read.bytes", MetricType.COUNTER, BYTES, "Bytes read from the device in the interval");
        describe("host.disk.io.written.bytes", MetricType.COUNTER, BYTES,
                "Bytes written to the device in the interval");
        describe("host.disk.io.reads", MetricType.COUNTER, "operations", "Reads completed in the interval");
        describe("host.disk.io.writes", MetricType.COUNTER, "operations", "Writes completed in the interval");
        describe("host.disk.io.busy", MetricType.GAUGE, RATIO, "Share of the interval with I/O in progress");
        describe("host.network.received.bytes", MetricType.COUNTER, BYTES, "Bytes received in the interval");
        describe("host.network.sent.bytes", MetricType.COUNTER, BYTES, "Bytes sent in the interval");
        describe("host.network.receive.errors", MetricType.COUNTER, "packets", "Receive errors in the interval");
        describe("host.network.send.errors", MetricType.COUNTER, "packets", "Transmit errors in the interval");
        describe("host.network.receive.drops", MetricType.COUNTER, "packets", "Received packets dropped");
        describe("host.network.send.drops", MetricType.COUNTER, "packets", "Packets dropped on transmit");
        describe("host.process.cpu", MetricType.GAUGE, RATIO,
                "CPU share of all cores over the interval, of the busiest processes, by command name");
        describe("host.process.memory.resident", MetricType.GAUGE, BYTES,
                "Resident memory of the largest processes, by command name");
    }

    private void describe(String name, MetricType type, String unit, String description) {
        metrics.describe(name, type, unit, description);
    }

    /** Records one snapshot; an unavailable one records nothing. */
    void record(HostSnapshot snapshot) {
        if (!snapshot.available()) {
            return;
        }
        long at = snapshot.timestampMillis();
        Labels none = Labels.empty();
        HostSnapshot.Cpu cpu = snapshot.cpu();
        metrics.record("host.cpu.count", cpu.cores(), "cpus", none, at);
        if (!snapshot.baseline()) {
            metrics.record("host.cpu.utilization", cpu.total(), RATIO, label("mode", "total"), at);
            metrics.record("host.cpu.utilization", cpu.user(), RATIO, label("mode", "user"), at);
            metrics.record("host.cpu.utilization", cpu.system(), RATIO, label("mode", "system"), at);
            metrics.record("host.cpu.utilization", cpu.iowait(), RATIO, label("mode", "iowait"), at);
            metrics.record("host.cpu.utilization", cpu.steal(), RATIO, label("mode", "steal"), at);
        }
        HostSnapshot.Load load = snapshot.load();
        metrics.record("host.load.average.1m", load.one(), "tasks", none, at);
        metrics.record("host.load.average.5m", load.five(), "tasks", none, at);
        metrics.record("host.load.average.15m", load.fifteen(), "tasks", none, at);

        HostSnapshot.Memory memory = snapshot.memory();
        metrics.record("host.memory.total", memory.total(), BYTES, none, at);
        metrics.record("host.memory.available", memory.available(), BYTES, none, at);
        metrics.record("host.memory.used", memory.used(), BYTES, none, at);
        metrics.record("host.memory.utilization", memory.utilization(), RATIO, none, at);
        metrics.record("host.swap.total", memory.swapTotal(), BYTES, none, at);
        metrics.record("host.swap.used", memory.swapUsed(), BYTES, none, at);
        metrics.record("host.swap.utilization", memory.swapUtilization(), RATIO, none, at);
        if (!snapshot.baseline() && snapshot.oomKills() >= 0) {
            metrics.record("host.memory.oom.kills", snapshot.oomKills(), "processes", none, at);
        }

        for (HostSnapshot.Disk disk : snapshot.disks()) {
            Labels mount = labels("mount", disk.mountPoint(), "device", disk.device(), "type", disk.type());
            metrics.record("host.disk.total", disk.total(), BYTES, mount, at);
            metrics.record("host.disk.used", disk.used(), BYTES, mount, at);
            metrics.record("host.disk.available", disk.available(), BYTES, mount, at);
            metrics.record("host.disk.utilization", disk.utilization(), RATIO, mount, at);
        }
        if (!snapshot.baseline()) {
            for (HostSnapshot.DiskIo io : snapshot.diskIo()) {
                Labels device = label("device", io.device());
                metrics.record("host.disk.io.read.bytes", io.readBytes(), BYTES, device, at);
                metrics.record("host.disk.io.written.bytes", io.writtenBytes(), BYTES, device, at);
                metrics.record("host.disk.io.reads", io.reads(), "operations", device, at);
                metrics.record("host.disk.io.writes", io.writes(), "operations", device, at);
                metrics.record("host.disk.io.busy", io.busy(), RATIO, device, at);
            }
            for (HostSnapshot.NetworkInterface net : snapshot.network()) {
                Labels device = label("interface", net.name());
                metrics.record("host.network.received.bytes", net.receivedBytes(), BYTES, device, at);
                metrics.record("host.network.sent.bytes", net.sentBytes(), BYTES, device, at);
                metrics.record("host.network.receive.errors", net.receiveErrors(), "packets", device, at);
                metrics.record("host.network.send.errors", net.sendErrors(), "packets", device, at);
                metrics.record("host.network.receive.drops", net.receiveDrops(), "packets", device, at);
                metrics.record("host.network.send.drops", net.sendDrops(), "packets", device, at);
            }
            byName(snapshot.topByCpu(), true).forEach((name, share) ->
                    metrics.record("host.process.cpu", share, RATIO, label("process", name), at));
        }
        byName(snapshot.topByMemory(), false).forEach((name, bytes) ->
                metrics.record("host.process.memory.resident", bytes, BYTES, label("process", name), at));
    }

    /** Keeps the cache of labels bounded when process names or mounts keep changing. */
    private void trimCache() {
        if (labels.size() > MAX_CACHED_LABELS) {
            labels.clear();
        }
    }

    /** Processes of one name added up, so that the series stay as few as the names. */
    private static Map<String, Double> byName(Iterable<HostSnapshot.ProcessUsage> processes, boolean cpu) {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (HostSnapshot.ProcessUsage process : processes) {
            byName.merge(process.name(), cpu ? process.cpu() : (double) process.residentBytes(), Double::sum);
        }
        return byName;
    }

    private Labels label(String key, String value) {
        trimCache();
        return labels.computeIfAbsent(key + '\0' + value, k -> Labels.of(key, value));
    }

    private Labels labels(String... keysAndValues) {
        trimCache();
        return labels.computeIfAbsent(String.join("\0", keysAndValues), k -> Labels.of(keysAndValues));
    }
}
