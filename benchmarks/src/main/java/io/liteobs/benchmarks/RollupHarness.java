package io.liteobs.benchmarks;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteReader;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Long-range charts from rollups against the same charts from raw points: a year of one metric, one point a minute
 * per series unless told otherwise, then a 30-day chart at 1-hour steps (and a 7-day chart at 5-minute steps) ending at the newest point,
 * off the rollups and off raw points. The raw answer comes from a copy of the same file whose rollups are marked
 * unfilled, read by the same {@link SqliteReader}; the two are timed in alternation, round by round (ABAB), and
 * checked to give the same buckets. Before the charts, it times the first open of a copy turned back into a
 * version-5 file (the migration, which rolls nothing up) and the rollup steps that fill that copy's rollups
 * afterwards, driven here as the writer thread drives them between batches; and before that, the steps of idle time
 * that roll up the raw minutes of series of several points a minute.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RollupHarness [--quick] [--series N] [--rounds N]
 *     [--points-a-minute N]
 * </pre>
 *
 * <p>{@code --series} (default {@value #DEFAULT_SERIES}) series of the metric; {@code --quick} writes 90 days
 * instead of 365; {@code --points-a-minute} (default 1) how many points each series gets a minute, evenly spread: a
 * series of one point a minute keeps its minutes as its points (raw minutes); one of several, up to 60, too while the
 * writer is busy, and minute rows once idle time has rolled them up; one of more writes minute rows.
 */
public final class RollupHarness {

    static final int DEFAULT_SERIES = 10;
    static final int DEFAULT_ROUNDS = 5;
    private static final long MINUTE = 60_000;
    private static final int WRITE_BATCH = 50_000;

    private RollupHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        int days = arguments.contains("--quick") ? 90 : 365;
        int series = intOption(arguments, "--series", DEFAULT_SERIES);
        int rounds = intOption(arguments, "--rounds", DEFAULT_ROUNDS);
        int perMinute = intOption(arguments, "--points-a-minute", 1);
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            Path tiered = files.newFile("rollups", false);
            long started = System.nanoTime();
            long end;
            long points = (long) days * 1_440 * series * perMinute;
            try (SqliteStore store = SqliteStore.open(tiered)) {
                end = writeYear(store, days, series, perMinute);
                System.out.printf("%,d days of %d series, %d points a minute: %,d points written in %.1f s%n", days,
                        series, perMinute, points, IngestHarness.seconds(started));
                // as the writer thread does once nothing waits to be written
                runSteps(store::workWhileIdle, points, "raw minutes of several points a minute rolled up while idle");
            }
            Path raw = files.newFile("raw", false);
            Files.copy(tiered, raw);
            try (Connection connection = BenchFiles.rawConnection(raw);
                 Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM _observability_metadata WHERE key LIKE 'rollups_complete_%'");
            }
            upgrade(files, tiered, points);
            try (SqliteReader fromRollups = SqliteReader.open(tiered); SqliteReader fromPoints = SqliteReader.open(raw)) {
                TimeRange month = TimeRange.between(Instant.ofEpochMilli(end).minus(Duration.ofDays(30)),
                        Instant.ofEpochMilli(end));
                TimeRange week = TimeRange.between(Instant.ofEpochMilli(end).minus(Duration.ofDays(7)),
                        Instant.ofEpochMilli(end));
                compare("30 days of one series, 1-hour steps, AVG", rounds, fromRollups, fromPoints,
                        query(month, Duration.ofHours(1), Aggregation.AVG, Labels.of("instance", "i-0")));
                compare("30 days of all " + series + " series, 1-hour steps, MAX", rounds, fromRollups, fromPoints,
                        query(month, Duration.ofHours(1), Aggregation.MAX, Labels.empty()));
                compare("7 days of all " + series + " series, 5-minute steps, LAST", rounds, fromRollups, fromPoints,
                        query(week, Duration.ofMinutes(5), Aggregation.LAST, Labels.empty()));
            }
        }
    }

    /**
     * Times the first open of a copy turned back into a version-5 file (rollup tables, their keys and the series'
     * raw minutes dropped), then the rollup steps that fill its rollups: the migration rolls nothing up, so the open
     * is short whatever the file holds.
     */
    private static void upgrade(BenchFiles files, Path tiered, long points) throws Exception {
        Path version5 = files.newFile("version-5", false);
        Files.copy(tiered, version5);
        try (Connection connection = BenchFiles.rawConnection(version5);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE metrics_rollup_1m");
            statement.executeUpdate("DROP TABLE metrics_rollup_1h");
            statement.executeUpdate("ALTER TABLE metrics_metadata DROP COLUMN raw_minutes_from");
            statement.executeUpdate("ALTER TABLE metrics_metadata DROP COLUMN raw_minutes_until");
            statement.executeUpdate("DELETE FROM _observability_metadata WHERE key LIKE 'rollups_complete_%'");
            statement.executeUpdate("UPDATE _observability_metadata SET value = '5' WHERE key = 'schema_version'");
        }
        long started = System.nanoTime();
        try (SqliteStore store = SqliteStore.open(version5)) {
            System.out.printf("first open of a version-5 copy (migration to version %d): %.3f s%n",
                    SqliteStore.SCHEMA_VERSION, IngestHarness.seconds(started));
            runSteps(store::catchUp, points, "rollups of the version-5 copy");
        }
        BenchFiles.delete(version5);
    }

    /** Runs steps until none is left, and prints how long they took, how many and the longest. */
    private static void runSteps(BooleanSupplier step, long points, String what) {
        long started = System.nanoTime();
        long longest = 0;
        int steps = 0;
        boolean more = true;
        while (more) {
            long stepStarted = System.nanoTime();
            more = step.getAsBoolean();
            longest = Math.max(longest, System.nanoTime() - stepStarted);
            steps++;
        }
        double seconds = IngestHarness.seconds(started);
        System.out.printf("%s: %.1f s in %,d steps (%,.0f points/s), the longest step %.1f ms%n", what, seconds,
                steps, points / seconds, longest / 1e6);
    }

    private static DownsampleQuery query(TimeRange range, Duration step, Aggregation aggregation, Labels labels) {
        return DownsampleQuery.builder(Workload.METRIC).labels(labels).range(range).step(step)
                .aggregation(aggregation).build();
    }

    /** Times both readers on one query in alternation; prints each one's median and the ratio of the medians. */
    private static void compare(String what, int rounds, SqliteReader fromRollups, SqliteReader fromPoints,
                                DownsampleQuery query) {
        List<SeriesPoint> tiered = fromRollups.downsample(query);
        List<SeriesPoint> raw = fromPoints.downsample(query);
        if (tiered.size() != raw.size() || !tiered.stream().map(SeriesPoint::samples).toList()
                .equals(raw.stream().map(SeriesPoint::samples).toList())) {
            throw new IllegalStateException(what + ": the rollups' buckets differ from the raw points' buckets");
        }
        double[] rollupMillis = new double[rounds];
        double[] rawMillis = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            rollupMillis[round] = Timing.of(3, 11, () -> fromRollups.downsample(query)).medianMillis();
            rawMillis[round] = Timing.of(1, 3, () -> fromPoints.downsample(query)).medianMillis();
        }
        System.out.printf("%n%s: %d buckets, %,d points%n", what, tiered.size(),
                tiered.stream().mapToLong(SeriesPoint::samples).sum());
        System.out.printf("  rollups    median of rounds %8.2f ms  (rounds %s)%n", median(rollupMillis),
                rounded(rollupMillis));
        System.out.printf("  raw points median of rounds %8.2f ms  (rounds %s)%n", median(rawMillis),
                rounded(rawMillis));
        System.out.printf("  raw / rollups: %.1f times%n", median(rawMillis) / median(rollupMillis));
    }

    /** {@code perMinute} points a minute per series, evenly spread, the newest in the minute before the returned end. */
    private static long writeYear(SqliteStore store, int days, int series, int perMinute) {
        Labels[] instances = new Labels[series];
        for (int i = 0; i < series; i++) {
            instances[i] = Labels.of("instance", "i-" + i);
        }
        long start = Workload.START_MILLIS - Workload.START_MILLIS % MINUTE + 17;
        long minutes = days * 1_440L;
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (long minute = 0; minute < minutes; minute++) {
            for (int s = 0; s < series; s++) {
                for (int k = 0; k < perMinute; k++) {
                    long i = (minute * series + s) * perMinute + k;
                    batch.metrics().add(new MetricPoint(Workload.METRIC, Workload.value(i), Workload.UNIT,
                            instances[s], start + minute * MINUTE + k * MINUTE / perMinute));
                }
            }
            if (batch.size() >= WRITE_BATCH || minute == minutes - 1) {
                store.write(batch.batch());
                batch.clear();
            }
        }
        return start + minutes * MINUTE;
    }

    private static int intOption(List<String> arguments, String name, int fallback) {
        int index = arguments.indexOf(name);
        return index < 0 ? fallback : Integer.parseInt(arguments.get(index + 1));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rounded(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format("%.2f", value));
        }
        return text.toString();
    }
}
