package io.liteobs.benchmarks;

import io.liteobs.DataKind;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricPoint;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.WriterOptions;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Deletes half of a 2-million-point table while recording goes on at a steady rate, and reports how long the
 * retention run took, how long recording batches took to write (lock wait included: median, 90th percentile and
 * longest) before and during the run, how long each retention chunk took, and the WAL's size after the run.
 * {@code --flush-millis} sets the writer's flush interval (default 50 ms: many small batches, the hard case).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RetentionHarness [--quick] [--flush-millis N]
 * </pre>
 */
public final class RetentionHarness {

    private static final int SERIES = 1_000;
    private static final int RECORDING_RATE_PER_SECOND = 20_000;
    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);

    private RetentionHarness() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 2_000_000;
        Duration flushInterval = FLUSH_INTERVAL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> rows = 200_000;
                case "--flush-millis" -> flushInterval = Duration.ofMillis(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --quick or --flush-millis N");
            }
        }
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            Path file = files.newFile("retention", false);
            long now = System.currentTimeMillis();
            try (SqliteStore store = SqliteStore.open(file)) {
                writeTwoDays(store, rows, now);
            }
            TimedStore timed = new TimedStore(SqliteStore.open(file));
            RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.METRICS, Duration.ofDays(1)).build();
            try (LiteObs obs = LiteObs.builder(timed).retention(policy)
                    .writer(WriterOptions.DEFAULT.withFlushInterval(flushInterval)).build()) {
                Thread recorder = steadyRecorder(obs);
                recorder.start();
                Thread.sleep(1_000);
                timed.takeWrites();
                Thread.sleep(2_000);
                TimedStore.Durations before = timed.takeWrites();
                RetentionResult result = obs.retention().run();
                TimedStore.Durations during = timed.takeWrites();
                TimedStore.Durations chunks = timed.takeDeletes();
                recorder.interrupt();
                recorder.join();
                System.out.printf("%nrecording %,d points a second over %,d series, flush interval %d ms%n",
                        RECORDING_RATE_PER_SECOND, SERIES, flushInterval.toMillis());
                System.out.printf("deleted %,d of %,d points in %.2f s (%,.0f rows/s), in chunks of %,d%n",
                        result.totalDeleted(), rows, result.took().toMillis() / 1e3,
                        result.totalDeleted() / (result.took().toMillis() / 1e3), policy.chunkSize());
                System.out.printf("recording batch writes, lock wait included, in the 2 s before: %s%n", before);
                System.out.printf("recording batch writes during retention:                  %s%n", during);
                System.out.printf("retention chunks (each one write transaction):            %s%n", chunks);
                System.out.printf("WAL after the run (retention truncates it): %.1f MiB%n",
                        BenchFiles.size(Path.of(file + "-wal")) / 1048576.0);
                System.out.printf("recording: %s%n", obs.metrics().stats());
            }
        }
    }

    /** Points of every series evenly over the two days before {@code now}. */
    private static void writeTwoDays(SqliteStore store, long rows, long now) {
        Labels[] series = Workload.series(SERIES);
        long span = Duration.ofDays(2).toMillis();
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (long i = 0; i < rows; i++) {
            batch.metrics().add(new MetricPoint(Workload.METRIC, Workload.value(i), Workload.UNIT,
                    series[(int) (i % SERIES)], now - span + i * span / rows));
            if (batch.size() == 50_000 || i == rows - 1) {
                store.write(batch.batch());
                batch.clear();
            }
        }
    }

    /** Records {@value #RECORDING_RATE_PER_SECOND} points a second, stamped now, until interrupted. */
    private static Thread steadyRecorder(LiteObs obs) {
        Labels[] series = Workload.series(SERIES);
        return new Thread(() -> {
            long interval = TimeUnit.SECONDS.toNanos(1) / RECORDING_RATE_PER_SECOND * 100;
            long next = System.nanoTime();
            for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
                obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT, series[(int) (i % SERIES)]);
                if (i % 100 == 99) {
                    next += interval;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }, "steady-recorder");
    }
}
