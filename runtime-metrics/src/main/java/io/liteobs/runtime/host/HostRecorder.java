package io.liteobs.runtime.host;

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

    private static final String RATIO = "ratio";
    private static final String BYTES = "bytes";
    private static final int MAX_CACHED_LABELS = 4_096;

    /** Every host series, with what {@link #describe()} stores once and {@link #record} stamps on every point. */
    private enum Series {
        CPU_UTILIZATION("host.cpu.utilization", MetricType.GAUGE, RATIO,
                "Share of all cores' time busy over the collection interval, by mode (total, user, system, iowait,"
                        + " steal)"),
        CPU_COUNT("host.cpu.count", MetricType.GAUGE, "cpus", "Logical CPUs"),
        LOAD_1M("host.load.average.1m", MetricType.GAUGE, "tasks", "Load average over one minute"),
        LOAD_5M("host.load.average.5m", MetricType.GAUGE, "tasks", "Load average over five minutes"),
        LOAD_15M("host.load.average.15m", MetricType.GAUGE, "tasks", "Load average over fifteen minutes"),
        MEMORY_TOTAL("host.memory.total", MetricType.GAUGE, BYTES, "Physical memory"),
        MEMORY_AVAILABLE("host.memory.available", MetricType.GAUGE, BYTES,
                "Memory available without swapping (MemAvailable, estimated on kernels before 3.14)"),
        MEMORY_USED("host.memory.used", MetricType.GAUGE, BYTES, "Physical memory minus available memory"),
        MEMORY_UTILIZATION("host.memory.utilization", MetricType.GAUGE, RATIO, "Used over total physical memory"),
        OOM_KILLS("host.memory.oom.kills", MetricType.COUNTER, "processes",
                "Processes killed by the kernel for lack of memory during the interval"),
        SWAP_TOTAL("host.swap.total", MetricType.GAUGE, BYTES, "Swap space"),
        SWAP_USED("host.swap.used", MetricType.GAUGE, BYTES, "Swap space in use"),
        SWAP_UTILIZATION("host.swap.utilization", MetricType.GAUGE, RATIO, "Used over total swap; 0 without swap"),
        DISK_TOTAL("host.disk.total", MetricType.GAUGE, BYTES, "Size of the mounted file system"),
        DISK_USED("host.disk.used", MetricType.GAUGE, BYTES, "Space in use on the mounted file system"),
        DISK_AVAILABLE("host.disk.available", MetricType.GAUGE, BYTES,
                "Space still usable by unprivileged processes"),
        DISK_UTILIZATION("host.disk.utilization", MetricType.GAUGE, RATIO,
                "Used over used plus available, as df reports"),
        DISK_READ_BYTES("host.disk.io.read.bytes", MetricType.COUNTER, BYTES,
                "Bytes read from the device in the interval"),
        DISK_WRITTEN_BYTES("host.disk.io.written.bytes", MetricType.COUNTER, BYTES,
                "Bytes written to the device in the interval"),
        DISK_READS("host.disk.io.reads", MetricType.COUNTER, "operations", "Reads completed in the interval"),
        DISK_WRITES("host.disk.io.writes", MetricType.COUNTER, "operations", "Writes completed in the interval"),
        DISK_BUSY("host.disk.io.busy", MetricType.GAUGE, RATIO, "Share of the interval with I/O in progress"),
        NETWORK_RECEIVED_BYTES("host.network.received.bytes", MetricType.COUNTER, BYTES,
                "Bytes received in the interval"),
        NETWORK_SENT_BYTES("host.network.sent.bytes", MetricType.COUNTER, BYTES, "Bytes sent in the interval"),
        NETWORK_RECEIVE_ERRORS("host.network.receive.errors", MetricType.COUNTER, "packets",
                "Receive errors in the interval"),
        NETWORK_SEND_ERRORS("host.network.send.errors", MetricType.COUNTER, "packets",
                "Transmit errors in the interval"),
        NETWORK_RECEIVE_DROPS("host.network.receive.drops", MetricType.COUNTER, "packets",
                "Received packets dropped"),
        NETWORK_SEND_DROPS("host.network.send.drops", MetricType.COUNTER, "packets", "Packets dropped on transmit"),
        PROCESS_CPU("host.process.cpu", MetricType.GAUGE, RATIO,
                "CPU share of all cores over the interval, of the busiest processes, by command name"),
        PROCESS_MEMORY("host.process.memory.resident", MetricType.GAUGE, BYTES,
                "Resident memory of the largest processes, by command name");

        private final String metricName;
        private final MetricType type;
        private final String unit;
        private final String description;

        Series(String metricName, MetricType type, String unit, String description) {
            this.metricName = metricName;
            this.type = type;
            this.unit = unit;
            this.description = description;
        }
    }

    private final MetricsManager metrics;
    private final Map<String, Labels> labels = new HashMap<>();

    HostRecorder(MetricsManager metrics) {
        this.metrics = metrics;
    }

    /** Describes every host series once, so that the file says what each is. */
    void describe() {
        for (Series series : Series.values()) {
            metrics.describe(series.metricName, series.type, series.unit, series.description);
        }
    }

    /** Records one snapshot; an unavailable one records nothing. */
    void record(HostSnapshot snapshot) {
        if (!snapshot.available()) {
            return;
        }
        long at = snapshot.timestampMillis();
        Labels none = Labels.empty();
        HostSnapshot.Cpu cpu = snapshot.requireCpu();
        record(Series.CPU_COUNT, cpu.cores(), none, at);
        if (!snapshot.baseline()) {
            record(Series.CPU_UTILIZATION, cpu.total(), label("mode", "total"), at);
            record(Series.CPU_UTILIZATION, cpu.user(), label("mode", "user"), at);
            record(Series.CPU_UTILIZATION, cpu.system(), label("mode", "system"), at);
            record(Series.CPU_UTILIZATION, cpu.iowait(), label("mode", "iowait"), at);
            record(Series.CPU_UTILIZATION, cpu.steal(), label("mode", "steal"), at);
        }
        HostSnapshot.Load load = snapshot.requireLoad();
        record(Series.LOAD_1M, load.one(), none, at);
        record(Series.LOAD_5M, load.five(), none, at);
        record(Series.LOAD_15M, load.fifteen(), none, at);

        HostSnapshot.Memory memory = snapshot.requireMemory();
        record(Series.MEMORY_TOTAL, memory.total(), none, at);
        record(Series.MEMORY_AVAILABLE, memory.available(), none, at);
        record(Series.MEMORY_USED, memory.used(), none, at);
        record(Series.MEMORY_UTILIZATION, memory.utilization(), none, at);
        record(Series.SWAP_TOTAL, memory.swapTotal(), none, at);
        record(Series.SWAP_USED, memory.swapUsed(), none, at);
        record(Series.SWAP_UTILIZATION, memory.swapUtilization(), none, at);
        if (!snapshot.baseline() && snapshot.oomKills() >= 0) {
            record(Series.OOM_KILLS, snapshot.oomKills(), none, at);
        }

        for (HostSnapshot.Disk disk : snapshot.disks()) {
            Labels mount = labels("mount", disk.mountPoint(), "device", disk.device(), "type", disk.type());
            record(Series.DISK_TOTAL, disk.total(), mount, at);
            record(Series.DISK_USED, disk.used(), mount, at);
            record(Series.DISK_AVAILABLE, disk.available(), mount, at);
            record(Series.DISK_UTILIZATION, disk.utilization(), mount, at);
        }
        if (!snapshot.baseline()) {
            for (HostSnapshot.DiskIo io : snapshot.diskIo()) {
                Labels device = label("device", io.device());
                record(Series.DISK_READ_BYTES, io.readBytes(), device, at);
                record(Series.DISK_WRITTEN_BYTES, io.writtenBytes(), device, at);
                record(Series.DISK_READS, io.reads(), device, at);
                record(Series.DISK_WRITES, io.writes(), device, at);
                record(Series.DISK_BUSY, io.busy(), device, at);
            }
            for (HostSnapshot.NetworkInterface net : snapshot.network()) {
                Labels device = label("interface", net.name());
                record(Series.NETWORK_RECEIVED_BYTES, net.receivedBytes(), device, at);
                record(Series.NETWORK_SENT_BYTES, net.sentBytes(), device, at);
                record(Series.NETWORK_RECEIVE_ERRORS, net.receiveErrors(), device, at);
                record(Series.NETWORK_SEND_ERRORS, net.sendErrors(), device, at);
                record(Series.NETWORK_RECEIVE_DROPS, net.receiveDrops(), device, at);
                record(Series.NETWORK_SEND_DROPS, net.sendDrops(), device, at);
            }
            byName(snapshot.topByCpu(), true).forEach((name, share) ->
                    record(Series.PROCESS_CPU, share, label("process", name), at));
        }
        byName(snapshot.topByMemory(), false).forEach((name, bytes) ->
                record(Series.PROCESS_MEMORY, bytes, label("process", name), at));
    }

    private void record(Series series, double value, Labels seriesLabels, long at) {
        metrics.record(series.metricName, value, series.unit, seriesLabels, at);
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
