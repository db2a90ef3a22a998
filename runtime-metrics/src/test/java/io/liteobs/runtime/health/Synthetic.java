package io.liteobs.runtime.health;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.time.Duration;
import java.util.List;

/** Snapshots made up for the worked examples of docs/health.md. */
final class Synthetic {

    static final long GB = 1_000_000_000L;

    private Synthetic() {
    }

    /** A host over a ten-second interval: CPU busy, memory used, swap used and the disk "/" used, as ratios. */
    static HostSnapshot host(double cpu, double memory, double swap, double disk) {
        return host(cpu, memory, swap, disk, 0);
    }

    static HostSnapshot host(double cpu, double memory, double swap, double disk, long timestampMillis) {
        return new HostSnapshot(HostSnapshot.Status.AVAILABLE, null, timestampMillis, Duration.ofSeconds(10), false,
                new HostSnapshot.Cpu(4, cpu, cpu * 0.8, cpu * 0.2, 0, 0),
                new HostSnapshot.Load(1, 1, 1, 1, 300),
                new HostSnapshot.Memory(100 * GB, Math.round((1 - memory) * 100 * GB), false, 10 * GB, 10 * GB,
                        Math.round((1 - swap) * 10 * GB)),
                List.of(new HostSnapshot.Disk("/", "/dev/sda1", "ext4", 100 * GB, Math.round(disk * 100 * GB),
                        Math.round((1 - disk) * 100 * GB))),
                List.of(), List.of(), 0, List.of(), List.of());
    }

    /** A JVM: GC overhead and heap after GC as ratios, live threads, and its largest pool. */
    static JvmSnapshot jvm(double gcOverhead, double heapAfterGc, int threads) {
        return jvm(gcOverhead, heapAfterGc, threads, 1 * GB, 4 * GB, new JvmSnapshot.ThreadPool("main", 1));
    }

    static JvmSnapshot jvm(double gcOverhead, double heapAfterGc, int threads, long heapUsed, long heapMax,
                           JvmSnapshot.ThreadPool largestPool) {
        return new JvmSnapshot(0, heapUsed, heapMax, heapMax, 100_000_000, heapAfterGc, gcOverhead, 10, 500,
                threads, threads / 2, threads, List.of(largestPool), 0.2, 3_600_000);
    }

    /** A JVM with nothing to report: 1 % GC overhead, 30 % heap after GC, 120 threads. */
    static JvmSnapshot calmJvm() {
        return jvm(0.01, 0.30, 120);
    }
}
