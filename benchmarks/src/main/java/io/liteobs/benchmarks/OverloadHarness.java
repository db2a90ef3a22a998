package io.liteobs.benchmarks;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Records as fast as two threads can, far above what the file can take, for a minute, and reports the heap in use
 * after each collection against what the metrics queue can hold: memory must stay bounded by the queue, whatever
 * the load, and every point must be accounted for.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.OverloadHarness [--quick]
 * </pre>
 */
public final class OverloadHarness {

    private static final int PRODUCERS = 2;
    private static final int QUEUE = RecorderOptions.METRICS_DEFAULT.queueCapacity();

    private OverloadHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        long seconds = quick ? 10 : 60;
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            LiteObs obs = LiteObs.builder(SqliteStore.open(files.newFile("overload", false))).build();
            Labels[] series = Workload.series(1_000);
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                Thread producer = new Thread(() -> {
                    for (long i = 0; System.nanoTime() < deadline; i++) {
                        obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT,
                                series[(int) (i % series.length)]);
                    }
                }, "overload-" + p);
                producer.start();
                producers.add(producer);
            }
            long baseline = heapAfterLastCollection();
            long peak = 0;
            while (producers.get(0).isAlive()) {
                Thread.sleep(1_000);
                peak = Math.max(peak, heapAfterLastCollection());
            }
            for (Thread producer : producers) {
                producer.join();
            }
            obs.close();
            RecorderStats stats = obs.metrics().stats();
            double offeredPerSecond = stats.offered() / (double) seconds;
            System.out.printf("%noffered %,.0f points/s for %d s; persisted %,d, dropped %,d (%.1f%%), balanced: %s%n",
                    offeredPerSecond, seconds, stats.persisted(), stats.dropped(),
                    100.0 * stats.dropped() / stats.offered(), stats.balanced());
            System.out.printf("heap in use after collections: %.1f MiB before the load, at most %.1f MiB during it;"
                    + " the metrics queue holds %,d points of about 40 bytes (%.1f MiB) and one batch of up to %,d%n",
                    baseline / 1048576.0, peak / 1048576.0, QUEUE, QUEUE * 40 / 1048576.0,
                    WriterOptions.DEFAULT_MAX_BATCH_SIZE);
        }
    }

    /** Heap in use right after the latest collection, summed over the heap pools. */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
