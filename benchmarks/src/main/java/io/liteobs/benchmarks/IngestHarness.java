package io.liteobs.benchmarks;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricsManager;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * Ingest through the library against the SQLite ceiling, in one run on one machine: N rows recorded through
 * LiteObs into a fresh file until every one is committed, and the same N rows inserted straight through
 * sqlite-jdbc into the same schema with the same pragmas, by the best raw path measured: one prepared statement,
 * {@value #RAW_BATCH} rows per transaction, each transaction's rows in the table's key order (metric points by
 * series, then time). The two phases alternate (library, raw, library, raw, ...) so that both see the same
 * machine; the harness prints rows per second of each phase, the ratio of each round, the spread of the ratios
 * (minimum, median, maximum), and bytes on disk per row after a checkpoint. The work the writer thread does only
 * while nothing waits to be written (rolling up the raw minutes of series of several points a minute) is not part of
 * the library phase: it runs after it, and its time is printed apart.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.IngestHarness \
 *     [--quick | --full] [--rows N] [--series N] [--rounds N] [--kinds metrics,audit,events]
 * </pre>
 *
 * <p>{@code --quick} (the default) records 1,000,000 metric points and 200,000 audit entries and events per phase;
 * {@code --full} records 10,000,000 points and 2,000,000 of each other kind. Points go to {@value #SERIES} series
 * unless {@code --series} says otherwise; {@code --rounds} (default {@value #DEFAULT_ROUNDS}) is how many
 * library-then-raw pairs run. Points come a thousand a millisecond, cycling through the series, unless
 * {@code --interval-ms} gives each series one point every so many milliseconds (60000: a Micrometer step meter's
 * minute), which makes every point of a series a rollup bucket of its own.
 */
public final class IngestHarness {

    /** Rows per raw transaction: the library's largest batch, so that both write transactions of one size. */
    static final int RAW_BATCH = WriterOptions.DEFAULT_MAX_BATCH_SIZE;
    static final int SERIES = 1_000;
    static final int DEFAULT_ROUNDS = 2;
    static final Set<String> KINDS = Set.of("metrics", "audit", "events");
    private static final Duration GENEROUS = Duration.ofMinutes(30);

    /** What each column of {@code audit_log} holds, as the store writes it. */
    private static final Map<String, Function<AuditEntry, ?>> AUDIT_COLUMNS = Map.ofEntries(
            Map.entry("entry_id", AuditEntry::id),
            Map.entry("timestamp", AuditEntry::timestampMillis),
            Map.entry("component", AuditEntry::component),
            Map.entry("operation", AuditEntry::operation),
            Map.entry("status", AuditEntry::status),
            Map.entry("user_id", AuditEntry::userId),
            Map.entry("session_id", AuditEntry::sessionId),
            Map.entry("request_id", AuditEntry::requestId),
            Map.entry("parameters", AuditEntry::parametersJson),
            Map.entry("result", AuditEntry::resultJson),
            Map.entry("error_code", AuditEntry::errorCode),
            Map.entry("error_message", AuditEntry::errorMessage),
            Map.entry("duration_ms", AuditEntry::durationMillis),
            Map.entry("metadata", AuditEntry::metadataJson));

    /** What each column of {@code business_event_logs} holds, as the store writes it. */
    private static final Map<String, Function<BusinessEvent, ?>> EVENT_COLUMNS = Map.of(
            "event_id", BusinessEvent::id,
            "timestamp", BusinessEvent::timestampMillis,
            "event_type", BusinessEvent::eventType,
            "service", BusinessEvent::service,
            "entity_type", BusinessEvent::entityType,
            "entity_id", BusinessEvent::entityId,
            "user_id", BusinessEvent::userId,
            "action", BusinessEvent::action,
            "details", BusinessEvent::detailsJson,
            "success", event -> event.success() ? 1 : 0);

    private IngestHarness() {
    }

    /** What to run. */
    /**
     * @param intervalMillis 0 for a thousand points a millisecond; else each series gets one point every so many
     *                       milliseconds, as a Micrometer step meter writes them
     */
    record Options(long points, long otherRows, int series, int rounds, Set<String> kinds, long intervalMillis) {

        static Options parse(String... args) {
            long points = 1_000_000;
            int series = SERIES;
            int rounds = DEFAULT_ROUNDS;
            Set<String> kinds = KINDS;
            long intervalMillis = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> points = 1_000_000;
                    case "--full" -> points = 10_000_000;
                    case "--rows" -> points = Long.parseLong(args[++i]);
                    case "--series" -> series = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--kinds" -> kinds = Set.of(args[++i].split(","));
                    case "--interval-ms" -> intervalMillis = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; use --quick, --full, --rows N, --series N, --rounds N, --interval-ms N or --kinds"
                            + " metrics,audit,events");
                }
            }
            if (series < 1 || series > MetricsManager.DEFAULT_MAX_SERIES_TOTAL) {
                throw new IllegalArgumentException("--series takes 1 to " + MetricsManager.DEFAULT_MAX_SERIES_TOTAL
                        + ", not " + series);
            }
            if (!KINDS.containsAll(kinds)) {
                throw new IllegalArgumentException("--kinds takes some of " + KINDS + ", not " + kinds);
            }
            if (intervalMillis < 0) {
                throw new IllegalArgumentException("--interval-ms takes 0 or more, not " + intervalMillis);
            }
            return new Options(points, points / 5, series, rounds, kinds, intervalMillis);
        }
    }

    /**
     * One kind's figures: rows per second of each library phase and each raw phase, in the order they ran.
     *
     * @param rawInArrivalOrder rows per second of raw phases in the order rows were made, when that is not the
     *                          best raw order; empty otherwise
     * @param bytesPerRow       the library file's size per row, after a checkpoint
     */
    record Result(String kind, long rows, double[] library, double[] raw, double[] rawInArrivalOrder,
                  double bytesPerRow) {

        /** The ratio of each round, library over raw. */
        double[] ratios() {
            double[] ratios = new double[library.length];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = library[i] / raw[i];
            }
            return ratios;
        }

        double libraryRowsPerSecond() {
            return median(library);
        }

        double rawRowsPerSecond() {
            return median(raw);
        }

        double ratio() {
            return median(ratios());
        }

        double minRatio() {
            return Arrays.stream(ratios()).min().orElseThrow();
        }

        double maxRatio() {
            return Arrays.stream(ratios()).max().orElseThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Machine.print(System.out);
        System.out.printf("%,d metric points over %,d series, %,d audit entries and events; %d rounds of library"
                + " then raw%n", options.points(), options.series(), options.otherRows(), options.rounds());
        List<Result> results = run(options, BenchFiles.SYSTEM_TEMP);
        print(results);
    }

    /** Runs every kind the options name. */
    static List<Result> run(Options options, Path parent) throws Exception {
        try (BenchFiles files = BenchFiles.temporary(parent)) {
            List<Result> results = new ArrayList<>();
            if (options.kinds().contains("metrics")) {
                results.add(metrics(files, options.points(), options.series(), options.rounds(),
                        options.intervalMillis()));
            }
            if (options.kinds().contains("audit")) {
                results.add(audit(files, options.otherRows(), options.rounds()));
            }
            if (options.kinds().contains("events")) {
                results.add(events(files, options.otherRows(), options.rounds()));
            }
            return results;
        }
    }

    private static Result metrics(BenchFiles files, long rows, int seriesCount, int rounds, long intervalMillis)
            throws Exception {
        Labels[] series = Workload.series(seriesCount);
        // every series in turn, each at its own interval; or a thousand points a millisecond
        LongUnaryOperator timestamp = intervalMillis > 0
                ? i -> Workload.START_MILLIS + (i / seriesCount) * intervalMillis : Workload::timestamp;
        Phase library = () -> library(files, "metrics", rows, obs -> {
            for (long i = 0; i < rows; i++) {
                obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT,
                        series[(int) (i % seriesCount)], timestamp.applyAsLong(i));
            }
        }, obs -> obs.metrics().stats());
        SqlSetup seriesRows = connection -> {
            RawInsert seriesRow = RawInsert.into(connection, "metrics_metadata", Map.of(
                    "series_id", s -> s + 1,
                    "name", s -> Workload.METRIC,
                    "labels", s -> series[(int) s].toJson(),
                    "type", s -> "gauge",
                    "unit", s -> Workload.UNIT,
                    "description", s -> null,
                    "first_seen", s -> timestamp.applyAsLong(0),
                    "last_seen", s -> timestamp.applyAsLong(rows),
                    "raw_minutes_from", s -> timestamp.applyAsLong(0) - timestamp.applyAsLong(0) % 60_000,
                    "raw_minutes_until", s -> null));
            try (PreparedStatement insert = connection.prepareStatement(seriesRow.sql())) {
                for (int s = 0; s < seriesCount; s++) {
                    seriesRow.bind(insert, s);
                    insert.executeUpdate();
                }
            }
        };
        Map<String, LongFunction<?>> pointColumns = Map.of(
                "series_id", i -> (i % seriesCount) + 1,
                "timestamp", timestamp::applyAsLong,
                // a thousand points a millisecond: under 1,000 series, a series has several points in one
                // millisecond, numbered in the order they came
                "seq", i -> intervalMillis > 0 ? 0 : (i % Workload.POINTS_PER_MILLISECOND) / seriesCount,
                "value", Workload::value);
        Phase raw = () -> new PhaseRun(raw(files, "metrics", rows, seriesRows, "metrics_timeseries", pointColumns,
                bySeries(seriesCount)), 0);
        // the order points are recorded in, for comparison: what sorting each transaction gains
        Phase rawInArrivalOrder = () -> new PhaseRun(raw(files, "metrics", rows, seriesRows, "metrics_timeseries",
                pointColumns, IngestHarness::inOrder), 0);
        return alternate("metrics", rows, rounds, library, raw, rawInArrivalOrder);
    }

    private static Result audit(BenchFiles files, long rows, int rounds) throws Exception {
        return entries(files, "audit", rows, rounds, Workload::audit, (obs, entry) -> obs.audit().logAsync(entry),
                obs -> obs.audit().stats(), "audit_log", AUDIT_COLUMNS);
    }

    private static Result events(BenchFiles files, long rows, int rounds) throws Exception {
        return entries(files, "events", rows, rounds, Workload::event, (obs, event) -> obs.events().record(event),
                obs -> obs.events().stats(), "business_event_logs", EVENT_COLUMNS);
    }

    /**
     * Entries with ids, made before timing starts, recorded one by one through the library, then inserted raw
     * into {@code table} in the order they were made, which is their key order.
     */
    private static <T> Result entries(BenchFiles files, String kind, long rows, int rounds,
                                      BiFunction<Long, IdGenerator, T> make, BiConsumer<LiteObs, T> record,
                                      Function<LiteObs, RecorderStats> stats, String table,
                                      Map<String, Function<T, ?>> fieldByColumn) throws Exception {
        IdGenerator ids = IdGenerator.uuidV7();
        List<T> entries = LongStream.range(0, rows).mapToObj(i -> make.apply(i, ids)).toList();
        Phase library = () -> library(files, kind, rows, obs -> entries.forEach(entry -> record.accept(obs, entry)),
                stats);
        Map<String, LongFunction<?>> valuesByColumn = new HashMap<>();
        fieldByColumn.forEach((column, field) -> valuesByColumn.put(column, i -> field.apply(entries.get((int) i))));
        Phase raw = () -> new PhaseRun(raw(files, kind, rows, connection -> { }, table, valuesByColumn,
                IngestHarness::inOrder), 0);
        return alternate(kind, rows, rounds, library, raw, null);
    }

    /**
     * Runs library and raw phases in turn, {@code rounds} times each.
     *
     * @param rawInArrivalOrder a raw phase that inserts rows in the order they were made, run after each raw phase
     *                          when the best raw order is another; null when it is that order
     */
    private static Result alternate(String kind, long rows, int rounds, Phase library, Phase raw,
                                    @Nullable Phase rawInArrivalOrder) throws Exception {
        double[] libraryRates = new double[rounds];
        double[] rawRates = new double[rounds];
        double[] arrivalRates = new double[rawInArrivalOrder == null ? 0 : rounds];
        double bytesPerRow = 0;
        for (int round = 0; round < rounds; round++) {
            PhaseRun libraryRun = library.run();
            libraryRates[round] = libraryRun.rowsPerSecond();
            bytesPerRow = libraryRun.bytesPerRow();
            rawRates[round] = raw.run().rowsPerSecond();
            String arrival = "";
            if (rawInArrivalOrder != null) {
                arrivalRates[round] = rawInArrivalOrder.run().rowsPerSecond();
                arrival = String.format(" (in arrival order %,.0f rows/s: sorting gains %.2fx)", arrivalRates[round],
                        rawRates[round] / arrivalRates[round]);
            }
            System.out.printf("%-8s round %d: library %,12.0f rows/s, raw %,12.0f rows/s, ratio %.2f%s%n", kind,
                    round + 1, libraryRates[round], rawRates[round], libraryRates[round] / rawRates[round], arrival);
        }
        return new Result(kind, rows, libraryRates, rawRates, arrivalRates, bytesPerRow);
    }

    /** One timed phase; bytes per row is 0 for a raw phase, which is not measured for size. */
    private record PhaseRun(double rowsPerSecond, double bytesPerRow) {
    }

    @FunctionalInterface
    private interface Phase {
        PhaseRun run() throws Exception;
    }

    /**
     * Records through a LiteObs whose recorders block rather than drop, so that every row is committed, and
     * times it from the first call until the last row is committed and the metric rollups hold every point: the
     * writer thread rolls up between batches, and what is left when the last batch commits is rolled up here, on
     * the timed thread, so that the phase pays the writer's whole cost.
     */
    private static PhaseRun library(BenchFiles files, String kind, long rows, Consumer<LiteObs> producer,
                                    Function<LiteObs, RecorderStats> stats) throws SQLException {
        Path file = files.newFile(kind + "-library", false);
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        double elapsed;
        // every series of the workload is meant: the cardinality guard's per-metric default would refuse past 1,000
        SqliteStore store = SqliteStore.open(file);
        try (LiteObs obs = LiteObs.builder(store)
                .maxSeries(MetricsManager.DEFAULT_MAX_SERIES_TOTAL, MetricsManager.DEFAULT_MAX_SERIES_TOTAL)
                .metrics(blocking).audit(blocking).events(blocking).build()) {
            long started = System.nanoTime();
            producer.accept(obs);
            if (!obs.flush(GENEROUS)) {
                throw new IllegalStateException(kind + ": not everything was committed within " + GENEROUS);
            }
            double committed = seconds(started);
            while (store.catchUp()) {
                // the rollup steps left
            }
            elapsed = seconds(started);
            if (kind.equals("metrics")) {
                // not timed into the phase: work the writer thread does only once nothing waits to be written
                long idleStarted = System.nanoTime();
                while (store.workWhileIdle()) {
                    // the idle steps left
                }
                System.out.printf("metrics  library: every point committed after %.2f s, rolled up after %.2f s;"
                        + " idle time then rolled up raw minutes for %.2f s%n", committed, elapsed,
                        seconds(idleStarted));
            }
            RecorderStats counted = stats.apply(obs);
            if (counted.persisted() != rows) {
                throw new IllegalStateException(kind + ": " + rows + " rows recorded but " + counted);
            }
        }
        if (kind.equals("metrics")) {
            requireRolledUp(file, rows);
        }
        Path emptyFile = files.newFile(kind + "-empty", true);
        long empty = BenchFiles.checkpointedSize(emptyFile);
        double bytesPerRow = (BenchFiles.checkpointedSize(file) - empty) / (double) rows;
        BenchFiles.delete(emptyFile);
        BenchFiles.delete(file);
        return new PhaseRun(rows / elapsed, bytesPerRow);
    }

    /**
     * Stops the run unless both rollup tiers hold every point (the minute tier in its rows, or as the points of its
     * series' raw minutes): the phase would not have paid for them.
     */
    private static void requireRolledUp(Path file, long points) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery("""
                     SELECT (SELECT coalesce(sum(point_count), 0) FROM metrics_rollup_1m),
                            (SELECT count(*) FROM metrics_metadata m JOIN metrics_timeseries t
                             ON t.series_id = m.series_id AND t.timestamp >= m.raw_minutes_from
                             AND t.timestamp < coalesce(m.raw_minutes_until, 9223372036854775807)),
                            (SELECT coalesce(sum(point_count), 0) FROM metrics_rollup_1h)""")) {
            counts.next();
            if (counts.getLong(1) + counts.getLong(2) != points || counts.getLong(3) != points) {
                throw new IllegalStateException("metrics: " + points + " points written, but the minute rollups hold "
                        + counts.getLong(1) + " in rows and " + counts.getLong(2) + " as raw minutes, and the hour"
                        + " rollups " + counts.getLong(3));
            }
            System.out.printf("metrics  library: the minute tier holds %,d points in rows, %,d as raw minutes%n",
                    counts.getLong(1), counts.getLong(2));
        }
    }

    /**
     * Inserts the rows into {@code table} of a file the store created, through one prepared statement in
     * transactions of {@value #RAW_BATCH}, each transaction's rows in the order {@code order} gives; rows per
     * second.
     *
     * @param valuesByColumn the value each column of the table takes in row {@code i} (see {@link RawInsert})
     */
    private static double raw(BenchFiles files, String kind, long rows, SqlSetup setup, String table,
                              Map<String, LongFunction<?>> valuesByColumn, TransactionOrder order)
            throws SQLException {
        Path file = files.newFile(kind + "-raw", true);
        double rowsPerSecond;
        try (Connection connection = BenchFiles.rawConnection(file);
             Statement transaction = connection.createStatement()) {
            setup.run(connection);
            RawInsert row = RawInsert.into(connection, table, valuesByColumn);
            try (PreparedStatement insert = connection.prepareStatement(row.sql())) {
                long started = System.nanoTime();
                for (long first = 0; first < rows; first += RAW_BATCH) {
                    transaction.execute("BEGIN IMMEDIATE");
                    for (long i : order.rows(first, Math.min(rows, first + RAW_BATCH))) {
                        row.bind(insert, i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    transaction.execute("COMMIT");
                }
                rowsPerSecond = rows / seconds(started);
            }
        }
        BenchFiles.delete(file);
        return rowsPerSecond;
    }

    /** The rows of one raw transaction, in the order they are inserted. */
    @FunctionalInterface
    interface TransactionOrder {
        /** Every row of {@code [from, to)} once. */
        long[] rows(long from, long to);
    }

    /** Rows in the order they were made. */
    static long[] inOrder(long from, long to) {
        return LongStream.range(from, to).toArray();
    }

    /**
     * Metric point rows ordered by series, then time, the order of the points table's key: row {@code i} is a
     * point of series {@code i % seriesCount}, and rows of one series are in time order.
     */
    static TransactionOrder bySeries(int seriesCount) {
        return (from, to) -> {
            long[] rows = new long[(int) (to - from)];
            int next = 0;
            for (int series = 0; series < seriesCount; series++) {
                long firstOfSeries = from + Math.floorMod(series - from, seriesCount);
                for (long i = firstOfSeries; i < to; i += seriesCount) {
                    rows[next++] = i;
                }
            }
            return rows;
        };
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void print(List<Result> results) {
        System.out.printf("%n%-8s %12s %16s %16s %7s %17s %10s%n", "kind", "rows", "library rows/s", "raw rows/s",
                "ratio", "ratio min-max", "bytes/row");
        for (Result result : results) {
            System.out.printf("%-8s %,12d %,16.0f %,16.0f %7.2f %8.2f-%-8.2f %10.1f%n", result.kind(), result.rows(),
                    result.libraryRowsPerSecond(), result.rawRowsPerSecond(), result.ratio(), result.minRatio(),
                    result.maxRatio(), result.bytesPerRow());
        }
        for (Result result : results) {
            if (result.rawInArrivalOrder().length > 0) {
                System.out.printf("%s raw in arrival order: %,.0f rows/s (median); the raw ceiling above is sorted by"
                        + " series and time%n", result.kind(), median(result.rawInArrivalOrder()));
            }
        }
        System.out.println("(rows/s and ratio: medians over the rounds; library and raw phases alternate)");
    }

    @FunctionalInterface
    private interface SqlSetup {
        void run(Connection connection) throws SQLException;
    }
}
