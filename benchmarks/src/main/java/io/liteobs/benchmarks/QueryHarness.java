package io.liteobs.benchmarks;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.DownsampleQuery;
import io.liteobs.Heartbeat;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The read path on tables of production size: one metric over 24 hours downsampled to 5-minute buckets on a table
 * of 10 million points across 1,000 series; an audit query with three filters over 1 million rows; the liveness
 * of 1,000 workers. The tables are written through the store's batched write path first (not timed).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.QueryHarness [--quick]
 * </pre>
 *
 * <p>{@code --quick} builds a tenth of each table.
 */
public final class QueryHarness {

    static final int METRICS = 100;
    static final int SERIES_PER_METRIC = 10;
    static final int WORKERS = 1_000;
    static final int BEATS_PER_WORKER = 100;
    private static final int WRITE_BATCH = 50_000;
    private static final Duration DAY = Duration.ofDays(1);
    static final Instant END = Instant.ofEpochMilli(Workload.START_MILLIS).plus(DAY);

    private QueryHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        long points = quick ? 1_000_000 : 10_000_000;
        int auditRows = quick ? 100_000 : 1_000_000;
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP);
             SqliteStore store = SqliteStore.open(files.newFile("queries", false))) {
            long started = System.nanoTime();
            writePoints(store, points, END);
            writeAudit(store, auditRows);
            writeHeartbeats(store, END);
            System.out.printf("tables written in %.1f s: %,d points, %,d audit rows, %,d heartbeats%n",
                    IngestHarness.seconds(started), points, auditRows, WORKERS * BEATS_PER_WORKER);
            report(store, points, auditRows);
        }
    }

    static void report(SqliteStore store, long points, int auditRows) {
        TimeRange day = TimeRange.between(END.minus(DAY), END);
        DownsampleQuery oneSeries = DownsampleQuery.builder("metric-42")
                .labels(Labels.of("instance", "i-3")).range(day)
                .step(Duration.ofMinutes(5)).aggregation(Aggregation.AVG).build();
        DownsampleQuery oneMetric = DownsampleQuery.builder("metric-42").range(day)
                .step(Duration.ofMinutes(5)).aggregation(Aggregation.MAX).build();
        AuditQuery threeFilters = AuditQuery.builder().component("orders").operation("cancel").userId("user-5")
                .limit(100).build();

        List<SeriesPoint> buckets = store.downsample(oneSeries);
        System.out.printf("%n24 h of one series in 5-minute buckets (%d buckets, %,d points, table of %,d):%n  %s%n",
                buckets.size(), buckets.stream().mapToLong(SeriesPoint::samples).sum(), points,
                Timing.of(5, 30, () -> store.downsample(oneSeries)));
        List<SeriesPoint> metricBuckets = store.downsample(oneMetric);
        System.out.printf("24 h of one metric, all %d of its series, 5-minute buckets (%,d points):%n  %s%n",
                SERIES_PER_METRIC, metricBuckets.stream().mapToLong(SeriesPoint::samples).sum(),
                Timing.of(3, 20, () -> store.downsample(oneMetric)));
        System.out.printf("audit query, component + operation + user, newest 100 of %,d rows (%d found):%n  %s%n",
                auditRows, store.findAudit(threeFilters).size(), Timing.of(5, 30, () -> store.findAudit(threeFilters)));
        System.out.printf("latest heartbeat of each of %,d workers (%,d rows):%n  %s%n", WORKERS,
                WORKERS * BEATS_PER_WORKER, Timing.of(5, 30, store::latestHeartbeats));
    }

    /** Points spread evenly over the day before {@code end}, every series in turn. */
    static void writePoints(SqliteStore store, long points, Instant end) {
        Labels[] instances = new Labels[SERIES_PER_METRIC];
        for (int i = 0; i < SERIES_PER_METRIC; i++) {
            instances[i] = Labels.of("instance", "i-" + i);
        }
        long series = (long) METRICS * SERIES_PER_METRIC;
        long spacing = DAY.toMillis() * series / points;
        long start = end.minus(DAY).toEpochMilli();
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (long i = 0; i < points; i++) {
            int seriesIndex = (int) (i % series);
            batch.metrics().add(new MetricPoint("metric-" + (seriesIndex / SERIES_PER_METRIC), Workload.value(i),
                    "ms", instances[seriesIndex % SERIES_PER_METRIC], start + (i / series) * spacing));
            flushIfFull(store, batch, i == points - 1);
        }
    }

    static void writeAudit(SqliteStore store, int rows) {
        IdGenerator ids = IdGenerator.uuidV7();
        String[] components = {"orders", "payments", "users", "inventory", "shipping"};
        String[] operations = {"create", "cancel", "update", "read", "delete"};
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (int i = 0; i < rows; i++) {
            AuditEntry entry = Workload.audit(i, ids);
            batch.audit().add(AuditEntry.builder(components[i % components.length],
                            operations[i / components.length % operations.length])
                    .id(entry.id()).timestamp(entry.timestamp()).userId("user-" + (i % 1_000))
                    .requestId(entry.requestId()).parametersJson(entry.parametersJson())
                    .resultJson(entry.resultJson()).duration(Duration.ofMillis(entry.durationMillis()))
                    .build());
            flushIfFull(store, batch, i == rows - 1);
        }
    }

    /** {@link #BEATS_PER_WORKER} beats of each of {@link #WORKERS} workers, 15 s apart, the last just before {@code end}. */
    static void writeHeartbeats(SqliteStore store, Instant end) {
        WriteBatch.Buffer batch = WriteBatch.buffer();
        long start = end.minus(Duration.ofMinutes(25)).toEpochMilli();
        for (int beat = 0; beat < BEATS_PER_WORKER; beat++) {
            for (int worker = 0; worker < WORKERS; worker++) {
                batch.heartbeats().add(new Heartbeat("worker-" + worker, "host-" + worker % 20, 1_000 + worker,
                        start + beat * 15_000L, 15_000, 40, 200L << 20, 256L << 20, 1L << 30, 80L << 20, beat, beat * 3L,
                        0.25, beat * 15_000L));
            }
        }
        store.write(batch.batch());
    }

    static void flushIfFull(SqliteStore store, WriteBatch.Buffer batch, boolean last) {
        if (batch.size() >= WRITE_BATCH || last) {
            store.write(batch.batch());
            batch.clear();
        }
    }
}
