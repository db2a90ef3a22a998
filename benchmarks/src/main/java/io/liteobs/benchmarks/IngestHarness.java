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
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

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
        List<Result> results = run(points, points / 5, Path.of(System.getProperty("java.io.tmpdir")));
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
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO metrics_metadata"
                    + " (series_id, name, labels, type, unit, first_seen, last_seen) VALUES (?, ?, ?, 'gauge', ?, ?, ?)")) {
                for (int s = 0; s < SERIES; s++) {
                    insert.setInt(1, s + 1);
                    insert.setString(2, Workload.METRIC);
                    insert.setString(3, series[s].toJson());
                    insert.setString(4, Workload.UNIT);
                    insert.setLong(5, Workload.timestamp(0));
                    insert.setLong(6, Workload.timestamp(rows));
                    insert.executeUpdate();
                }
            }
        }, "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES (?, ?, 0, ?)", (insert, i) -> {
            // one point per series and millisecond in this workload, so every sequence number is 0
            insert.setInt(1, (int) (i % SERIES) + 1);
            insert.setLong(2, Workload.timestamp(i));
            insert.setDouble(3, Workload.value(i));
        });
        return new Result("metrics", rows, library.rowsPerSecond, raw, library.bytesPerRow);
    }

    private static Result audit(BenchFiles files, long rows) throws Exception {
        IdGenerator ids = IdGenerator.uuidV7();
        AuditEntry[] entries = new AuditEntry[(int) rows];
        for (int i = 0; i < rows; i++) {
            entries[i] = Workload.audit(i, ids);
        }
        LibraryRun library = library(files, "audit", rows, obs -> {
            for (AuditEntry entry : entries) {
                obs.audit().logAsync(entry);
            }
        }, obs -> obs.audit().stats());
        double raw = raw(files, "audit", rows, connection -> { }, "INSERT INTO audit_log (entry_id, timestamp,"
                + " component, operation, status, user_id, session_id, request_id, parameters, result, error_code,"
                + " error_message, duration_ms, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (insert, i) -> {
                    AuditEntry entry = entries[(int) i];
                    insert.setString(1, entry.id());
                    insert.setLong(2, entry.timestampMillis());
                    insert.setString(3, entry.component());
                    insert.setString(4, entry.operation());
                    insert.setString(5, entry.status());
                    insert.setString(6, entry.userId());
                    insert.setString(7, entry.sessionId());
                    insert.setString(8, entry.requestId());
                    insert.setString(9, entry.parametersJson());
                    insert.setString(10, entry.resultJson());
                    insert.setNull(11, Types.VARCHAR);
                    insert.setNull(12, Types.VARCHAR);
                    insert.setLong(13, entry.durationMillis());
                    insert.setNull(14, Types.VARCHAR);
                });
        return new Result("audit", rows, library.rowsPerSecond, raw, library.bytesPerRow);
    }

    private static Result events(BenchFiles files, long rows) throws Exception {
        IdGenerator ids = IdGenerator.uuidV7();
        BusinessEvent[] events = new BusinessEvent[(int) rows];
        for (int i = 0; i < rows; i++) {
            events[i] = Workload.event(i, ids);
        }
        LibraryRun library = library(files, "events", rows, obs -> {
            for (BusinessEvent event : events) {
                obs.events().record(event);
            }
        }, obs -> obs.events().stats());
        double raw = raw(files, "events", rows, connection -> { }, "INSERT INTO business_event_logs (event_id,"
                + " timestamp, event_type, service, entity_type, entity_id, user_id, action, details, success)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (insert, i) -> {
                    BusinessEvent event = events[(int) i];
                    insert.setString(1, event.id());
                    insert.setLong(2, event.timestampMillis());
                    insert.setString(3, event.eventType());
                    insert.setString(4, event.service());
                    insert.setString(5, event.entityType());
                    insert.setString(6, event.entityId());
                    insert.setString(7, event.userId());
                    insert.setString(8, event.action());
                    insert.setString(9, event.detailsJson());
                    insert.setInt(10, event.success() ? 1 : 0);
                });
        return new Result("events", rows, library.rowsPerSecond, raw, library.bytesPerRow);
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

    /** Inserts the rows through one prepared statement in transactions of {@value #RAW_BATCH}; rows per second. */
    private static double raw(BenchFiles files, String kind, long rows, SqlSetup setup, String sql, RowBinder binder)
            throws SQLException {
        Path file = files.newFile(kind + "-raw", true);
        try (Connection connection = BenchFiles.rawConnection(file);
             Statement transaction = connection.createStatement()) {
            setup.run(connection);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                long started = System.nanoTime();
                for (long first = 0; first < rows; first += RAW_BATCH) {
                    transaction.execute("BEGIN IMMEDIATE");
                    for (long i = first; i < Math.min(rows, first + RAW_BATCH); i++) {
                        binder.bind(insert, i);
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

    @FunctionalInterface
    private interface RowBinder {
        void bind(PreparedStatement insert, long row) throws SQLException;
    }
}
