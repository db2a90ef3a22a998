package io.liteobs.benchmarks;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * Ingest through the library against the SQLite ceiling, in one run on one machine: N rows recorded through
 * LiteObs into a fresh file until every one is committed, and the same N rows inserted straight through
 * sqlite-jdbc into the same schema with the same pragmas (one prepared statement, batches of
 * {@value #RAW_BATCH} rows per transaction). Prints rows per second for both, their ratio, and bytes on disk per
 * row after a checkpoint.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.IngestHarness [--quick | --full] [--rows N]
 * </pre>
 *
 * <p>{@code --quick} (the default) records 1,000,000 metric points and 200,000 audit entries and events, in well
 * under a minute; {@code --full} records 10,000,000 points and 1,000,000 of each other kind.
 */
public final class IngestHarness {

    /** Rows per raw transaction: the library's largest batch, so that both write transactions of one size. */
    static final int RAW_BATCH = WriterOptions.DEFAULT_MAX_BATCH_SIZE;
    static final int SERIES = 1_000;
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

    /** One kind's figures. */
    record Result(String kind, long rows, double libraryRowsPerSecond, double rawRowsPerSecond, double bytesPerRow) {

        double ratio() {
            return libraryRowsPerSecond / rawRowsPerSecond;
        }
    }

    public static void main(String[] args) throws Exception {
        long points = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> points = 1_000_000;
                case "--full" -> points = 10_000_000;
                case "--rows" -> points = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --quick, --full or --rows N");
            }
        }
        Machine.print(System.out);
        List<Result> results = run(points, points / 5, BenchFiles.SYSTEM_TEMP);
        print(results);
    }

    /** Runs every kind; {@code otherRows} audit entries and events. */
    static List<Result> run(long points, long otherRows, Path parent) throws Exception {
        try (BenchFiles files = BenchFiles.temporary(parent)) {
            List<Result> results = new ArrayList<>();
            results.add(metrics(files, points));
            results.add(audit(files, otherRows));
            results.add(events(files, otherRows));
            return results;
        }
    }

    private static Result metrics(BenchFiles files, long rows) throws Exception {
        Labels[] series = Workload.series(SERIES);
        LibraryRun library = library(files, "metrics", rows, obs -> {
            for (long i = 0; i < rows; i++) {
                obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT, series[(int) (i % SERIES)],
                        Workload.timestamp(i));
            }
        }, obs -> obs.metrics().stats());
        double raw = raw(files, "metrics", rows, connection -> {
            RawInsert seriesRow = RawInsert.into(connection, "metrics_metadata", Map.of(
                    "series_id", s -> s + 1,
                    "name", s -> Workload.METRIC,
                    "labels", s -> series[(int) s].toJson(),
                    "type", s -> "gauge",
                    "unit", s -> Workload.UNIT,
                    "description", s -> null,
                    "first_seen", s -> Workload.timestamp(0),
                    "last_seen", s -> Workload.timestamp(rows)));
            try (PreparedStatement insert = connection.prepareStatement(seriesRow.sql())) {
                for (int s = 0; s < SERIES; s++) {
                    seriesRow.bind(insert, s);
                    insert.executeUpdate();
                }
            }
        }, "metrics_timeseries", Map.of(
                "series_id", i -> (i % SERIES) + 1,
                "timestamp", Workload::timestamp,
                // one point per series and millisecond in this workload, so every sequence number is 0
                "seq", i -> 0,
                "value", Workload::value));
        return new Result("metrics", rows, library.rowsPerSecond, raw, library.bytesPerRow);
    }

    private static Result audit(BenchFiles files, long rows) throws Exception {
        return entries(files, "audit", rows, Workload::audit, (obs, entry) -> obs.audit().logAsync(entry),
                obs -> obs.audit().stats(), "audit_log", AUDIT_COLUMNS);
    }

    private static Result events(BenchFiles files, long rows) throws Exception {
        return entries(files, "events", rows, Workload::event, (obs, event) -> obs.events().record(event),
                obs -> obs.events().stats(), "business_event_logs", EVENT_COLUMNS);
    }

    /**
     * Entries with ids, made before timing starts, recorded one by one through the library, then inserted raw
     * into {@code table}.
     */
    private static <T> Result entries(BenchFiles files, String kind, long rows, BiFunction<Long, IdGenerator, T> make,
                                      BiConsumer<LiteObs, T> record, Function<LiteObs, RecorderStats> stats,
                                      String table, Map<String, Function<T, ?>> fieldByColumn) throws Exception {
        IdGenerator ids = IdGenerator.uuidV7();
        List<T> entries = LongStream.range(0, rows).mapToObj(i -> make.apply(i, ids)).toList();
        LibraryRun library = library(files, kind, rows, obs -> entries.forEach(entry -> record.accept(obs, entry)),
                stats);
        Map<String, LongFunction<?>> valuesByColumn = new HashMap<>();
        fieldByColumn.forEach((column, field) -> valuesByColumn.put(column, i -> field.apply(entries.get((int) i))));
        double raw = raw(files, kind, rows, connection -> { }, table, valuesByColumn);
        return new Result(kind, rows, library.rowsPerSecond, raw, library.bytesPerRow);
    }

    private record LibraryRun(double rowsPerSecond, double bytesPerRow) {
    }

    /**
     * Records through a LiteObs whose recorders block rather than drop, so that every row is committed, and
     * times it from the first call until the last row is committed.
     */
    private static LibraryRun library(BenchFiles files, String kind, long rows, Consumer<LiteObs> producer,
                                      Function<LiteObs, RecorderStats> stats) throws SQLException {
        Path file = files.newFile(kind + "-library", false);
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        double elapsed;
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .metrics(blocking).audit(blocking).events(blocking).build()) {
            long started = System.nanoTime();
            producer.accept(obs);
            if (!obs.flush(GENEROUS)) {
                throw new IllegalStateException(kind + ": not everything was committed within " + GENEROUS);
            }
            elapsed = seconds(started);
            RecorderStats counted = stats.apply(obs);
            if (counted.persisted() != rows) {
                throw new IllegalStateException(kind + ": " + rows + " rows recorded but " + counted);
            }
        }
        long empty = BenchFiles.checkpointedSize(files.newFile(kind + "-empty", true));
        return new LibraryRun(rows / elapsed, (BenchFiles.checkpointedSize(file) - empty) / (double) rows);
    }

    /**
     * Inserts the rows into {@code table} of a file the store created, through one prepared statement in
     * transactions of {@value #RAW_BATCH}; rows per second.
     *
     * @param valuesByColumn the value each column of the table takes in row {@code i} (see {@link RawInsert})
     */
    private static double raw(BenchFiles files, String kind, long rows, SqlSetup setup, String table,
                              Map<String, LongFunction<?>> valuesByColumn) throws SQLException {
        Path file = files.newFile(kind + "-raw", true);
        try (Connection connection = BenchFiles.rawConnection(file);
             Statement transaction = connection.createStatement()) {
            setup.run(connection);
            RawInsert row = RawInsert.into(connection, table, valuesByColumn);
            try (PreparedStatement insert = connection.prepareStatement(row.sql())) {
                long started = System.nanoTime();
                for (long first = 0; first < rows; first += RAW_BATCH) {
                    transaction.execute("BEGIN IMMEDIATE");
                    for (long i = first; i < Math.min(rows, first + RAW_BATCH); i++) {
                        row.bind(insert, i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    transaction.execute("COMMIT");
                }
                return rows / seconds(started);
            }
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void print(List<Result> results) {
        System.out.printf("%n%-8s %12s %16s %16s %7s %10s%n", "kind", "rows", "library rows/s", "raw rows/s",
                "ratio", "bytes/row");
        for (Result result : results) {
            System.out.printf("%-8s %,12d %,16.0f %,16.0f %7.2f %10.1f%n", result.kind(), result.rows(),
                    result.libraryRowsPerSecond(), result.rawRowsPerSecond(), result.ratio(), result.bytesPerRow());
        }
    }

    @FunctionalInterface
    private interface SqlSetup {
        void run(Connection connection) throws SQLException;
    }
}
