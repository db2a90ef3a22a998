package io.liteobs.benchmarks;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.Heartbeat;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.TimeRange;
import io.liteobs.postgres.PostgresOptions;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.spi.WriteBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The PostgreSQL store against raw pgjdbc, against one server in one run: ingest of metric points and audit entries
 * through LiteObs and through three raw ways of inserting the same rows into the same tables (a JDBC batch with
 * {@code reWriteBatchedInserts}, COPY, and one multi-row insert of arrays), phases interleaved ABAB and each in a
 * fresh schema; bytes per row of table and indexes; query times; N processes writing one schema at once; and
 * retention by chunked deletes against dropping time partitions.
 *
 * <pre>
 * url=$(postgres-store/src/test/sh/throwaway-postgres start /tmp/liteobs-bench-pg)
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.PostgresHarness "$url" [--quick]
 * postgres-store/src/test/sh/throwaway-postgres stop /tmp/liteobs-bench-pg
 * </pre>
 *
 * <p>{@code --quick} writes a fifth of the rows; {@code --ingest} measures ingest only. Each library phase also
 * prints how much of its time the store's {@code write} took, and each round the load average it started at.
 */
public final class PostgresHarness {

    /** Rows per raw transaction: a batch the library's writer takes under steady load. */
    static final int RAW_BATCH = 10_000;
    static final int SERIES = IngestHarness.SERIES;
    private static final int ROUNDS = 3;
    private static final Duration GENEROUS = Duration.ofMinutes(30);
    private static final String POINT_COLUMNS = "metrics_timeseries (timestamp, value, series_id, seq)";
    private static final Labels[] LABELS = Workload.series(SERIES);

    private final String url;
    private int schemas;

    private PostgresHarness(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--writer")) {
            writer(args[1], args[2], Long.parseLong(args[3]));
            return;
        }
        if (args.length < 1 || !PostgresOptions.isPostgresUrl(args[0])) {
            throw new IllegalArgumentException("give a JDBC URL of a server to measure on, and --quick if wanted");
        }
        boolean quick = List.of(args).contains("--quick");
        long points = quick ? 200_000 : 1_000_000;
        PostgresHarness harness = new PostgresHarness(args[0]);
        Machine.print(System.out);
        System.out.println("server: " + harness.queryText("SELECT version()"));
        harness.ingestPoints(points);
        harness.ingestAudit(points / 5);
        if (List.of(args).contains("--ingest")) {
            return;
        }
        harness.queries(points);
        harness.processesWritingAtOnce(points / 4);
        harness.retention(points);
    }

    // ---------------------------------------------------------------------------------------------- ingest

    /** A way of inserting point {@code first}..{@code end - 1} into a schema's tables, one transaction. */
    @FunctionalInterface
    private interface RawPoints {
        void insert(Connection connection, long first, long end) throws SQLException, IOException;
    }

    private void ingestPoints(long rows) throws Exception {
        System.out.printf("%n== ingest: %,d metric points over %,d series, raw transactions of %,d rows ==%n", rows,
                SERIES, RAW_BATCH);
        List<String> names = List.of("library", "store only", "raw unnest", "raw batch", "raw COPY", "raw bin COPY");
        double[][] rates = new double[names.size()][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            printLoad(round);
            rates[0][round] = libraryPoints(rows, round == 0);
            rates[1][round] = storePoints(rows);
            rates[2][round] = rawPoints(rows, false, PostgresHarness::unnestPoints);
            rates[3][round] = rawPoints(rows, true, PostgresHarness::batchedPoints);
            rates[4][round] = rawPoints(rows, false, PostgresHarness::copyPoints);
            rates[5][round] = rawPoints(rows, false, PostgresHarness::binaryCopyPoints);
        }
        printRates(names, rates);
    }

    /** Points through LiteObs, blocking rather than dropping, until the last is committed; rows per second. */
    private double libraryPoints(long rows, boolean printSize) throws SQLException {
        String schema = newSchema();
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        double elapsed;
        TimedStore store = new TimedStore(PostgresStore.open(options(schema, "library")));
        try (LiteObs obs = LiteObs.builder(store).metrics(blocking).build()) {
            long started = System.nanoTime();
            for (long i = 0; i < rows; i++) {
                obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT, LABELS[(int) (i % SERIES)],
                        Workload.timestamp(i));
            }
            if (!obs.flush(GENEROUS) || obs.metrics().stats().persisted() != rows) {
                throw new IllegalStateException("library: not every point was committed: " + obs.metrics().stats());
            }
            elapsed = IngestHarness.seconds(started);
        }
        printWriteShare(store.takeWrites(), elapsed);
        if (printSize) {
            printSize(schema, "metrics_timeseries", rows);
        }
        dropSchema(schema);
        return rows / elapsed;
    }

    /**
     * The same points written by the store alone, in batches of {@link #RAW_BATCH} on the calling thread, with their
     * series made beforehand (not timed) as the raw ways have them: the store's own cost, without core's recording
     * and writer threads.
     */
    private double storePoints(long rows) throws SQLException {
        String schema = newSchema();
        double elapsed;
        try (PostgresStore store = PostgresStore.open(options(schema, "store"))) {
            WriteBatch.Buffer buffer = WriteBatch.buffer();
            for (int s = 0; s < SERIES; s++) {
                buffer.metrics().add(new io.liteobs.MetricPoint(Workload.METRIC, 0, Workload.UNIT, LABELS[s],
                        Workload.timestamp(0) - 1));
            }
            store.write(buffer.batch());
            buffer.clear();
            long started = System.nanoTime();
            for (long i = 0; i < rows; i++) {
                buffer.metrics().add(new io.liteobs.MetricPoint(Workload.METRIC, Workload.value(i), Workload.UNIT,
                        LABELS[(int) (i % SERIES)], Workload.timestamp(i)));
                if (buffer.size() == RAW_BATCH || i == rows - 1) {
                    store.write(buffer.batch());
                    buffer.clear();
                }
            }
            elapsed = IngestHarness.seconds(started);
        }
        dropSchema(schema);
        return rows / elapsed;
    }

    /** The same points into the same tables, made by a store, with their series made beforehand (not timed). */
    private double rawPoints(long rows, boolean rewriteBatches, RawPoints insert) throws Exception {
        String schema = newSchema();
        PostgresStore.open(options(schema, "raw")).close();
        try (Connection connection = DriverManager.getConnection(schemaUrl(schema)
                + (rewriteBatches ? "&reWriteBatchedInserts=true" : ""))) {
            try (PreparedStatement series = connection.prepareStatement("INSERT INTO metrics_metadata"
                    + " (series_id, source_id, name, labels, type, unit, first_seen, last_seen)"
                    + " VALUES (?, 1, ?, ?, 'gauge', ?, ?, ?)")) {
                for (int s = 0; s < SERIES; s++) {
                    series.setInt(1, s + 1);
                    series.setString(2, Workload.METRIC);
                    series.setString(3, LABELS[s].toJson());
                    series.setString(4, Workload.UNIT);
                    series.setLong(5, Workload.timestamp(0));
                    series.setLong(6, Workload.timestamp(rows));
                    series.executeUpdate();
                }
            }
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            for (long first = 0; first < rows; first += RAW_BATCH) {
                insert.insert(connection, first, Math.min(rows, first + RAW_BATCH));
                connection.commit();
            }
            double elapsed = IngestHarness.seconds(started);
            dropSchema(schema);
            return rows / elapsed;
        }
    }

    private static void unnestPoints(Connection connection, long first, long end) throws SQLException {
        int size = (int) (end - first);
        long[] timestamps = new long[size];
        double[] values = new double[size];
        int[] series = new int[size];
        for (int k = 0; k < size; k++) {
            long i = first + k;
            timestamps[k] = Workload.timestamp(i);
            values[k] = Workload.value(i);
            series[k] = (int) (i % SERIES) + 1;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + POINT_COLUMNS
                + " SELECT * FROM unnest(?::int8[], ?::float8[], ?::int4[], ?::int4[])")) {
            insert.setObject(1, timestamps);
            insert.setObject(2, values);
            insert.setObject(3, series);
            insert.setObject(4, new int[size]);
            insert.executeUpdate();
        }
    }

    private static void batchedPoints(Connection connection, long first, long end) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + POINT_COLUMNS
                + " VALUES (?, ?, ?, 0)")) {
            for (long i = first; i < end; i++) {
                insert.setLong(1, Workload.timestamp(i));
                insert.setDouble(2, Workload.value(i));
                insert.setInt(3, (int) (i % SERIES) + 1);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void copyPoints(Connection connection, long first, long end) throws SQLException, IOException {
        StringBuilder rows = new StringBuilder((int) (end - first) * 32);
        for (long i = first; i < end; i++) {
            rows.append(Workload.timestamp(i)).append(',').append(Workload.value(i)).append(',')
                    .append(i % SERIES + 1).append(",0\n");
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + POINT_COLUMNS + " FROM STDIN (FORMAT csv)",
                new StringReader(rows.toString()));
    }

    /** The points in COPY's binary format: per row, the field count, then each field's length and bytes. */
    private static void binaryCopyPoints(Connection connection, long first, long end) throws SQLException {
        byte[] header = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ByteBuffer rows = ByteBuffer.allocate(header.length + (int) (end - first) * 42 + 2);
        rows.put(header);
        for (long i = first; i < end; i++) {
            rows.putShort((short) 4).putInt(8).putLong(Workload.timestamp(i)).putInt(8).putDouble(Workload.value(i))
                    .putInt(4).putInt((int) (i % SERIES) + 1).putInt(4).putInt(0);
        }
        rows.putShort((short) -1);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + POINT_COLUMNS
                + " FROM STDIN (FORMAT binary)");
        copy.writeToCopy(rows.array(), 0, rows.position());
        copy.endCopy();
    }

    private void ingestAudit(long rows) throws Exception {
        System.out.printf("%n== ingest: %,d audit entries (about 300 bytes each), raw transactions of %,d ==%n", rows,
                RAW_BATCH);
        IdGenerator ids = IdGenerator.uuidV7();
        List<AuditEntry> entries = LongStream.range(0, rows).mapToObj(i -> Workload.audit(i, ids)).toList();
        double[][] rates = new double[4][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            printLoad(round);
            rates[0][round] = libraryAudit(entries, round == 0);
            rates[1][round] = storeAudit(entries);
            rates[2][round] = rawAudit(entries, true);
            rates[3][round] = rawAudit(entries, false);
        }
        printRates(List.of("library", "store only", "raw batch", "raw unnest"), rates);
    }

    private double libraryAudit(List<AuditEntry> entries, boolean printSize) throws SQLException {
        String schema = newSchema();
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        double elapsed;
        TimedStore store = new TimedStore(PostgresStore.open(options(schema, "library")));
        try (LiteObs obs = LiteObs.builder(store).audit(blocking).build()) {
            long started = System.nanoTime();
            entries.forEach(obs.audit()::logAsync);
            if (!obs.flush(GENEROUS) || obs.audit().stats().persisted() != entries.size()) {
                throw new IllegalStateException("library: not every entry was committed: " + obs.audit().stats());
            }
            elapsed = IngestHarness.seconds(started);
        }
        printWriteShare(store.takeWrites(), elapsed);
        if (printSize) {
            printSize(schema, "audit_log", entries.size());
        }
        dropSchema(schema);
        return entries.size() / elapsed;
    }

    /** The entries written by the store alone, in batches of {@link #RAW_BATCH} on the calling thread. */
    private double storeAudit(List<AuditEntry> entries) throws SQLException {
        String schema = newSchema();
        double elapsed;
        try (PostgresStore store = PostgresStore.open(options(schema, "store"))) {
            WriteBatch.Buffer buffer = WriteBatch.buffer();
            long started = System.nanoTime();
            for (int first = 0; first < entries.size(); first += RAW_BATCH) {
                buffer.audit().addAll(entries.subList(first, Math.min(entries.size(), first + RAW_BATCH)));
                store.write(buffer.batch());
                buffer.clear();
            }
            elapsed = IngestHarness.seconds(started);
        }
        dropSchema(schema);
        return entries.size() / elapsed;
    }

    /**
     * The audit rows inserted raw with the statement's ON CONFLICT clause: as a JDBC batch that pgjdbc rewrites into
     * multi-row inserts, or as one insert of arrays.
     */
    private double rawAudit(List<AuditEntry> entries, boolean batch) throws SQLException {
        String schema = newSchema();
        PostgresStore.open(options(schema, "raw")).close();
        String columns = "audit_log (source_id, entry_id, timestamp, component, operation, status, user_id,"
                + " session_id, request_id, parameters, result, error_code, error_message, duration_ms, metadata)";
        String sql = batch
                ? "INSERT INTO " + columns + " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (entry_id) DO NOTHING"
                : "INSERT INTO " + columns + " SELECT 1, * FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::int8[], ?::text[]) ON CONFLICT (entry_id) DO NOTHING";
        List<java.util.function.Function<AuditEntry, Object>> fields = List.of(AuditEntry::id,
                AuditEntry::timestampMillis, AuditEntry::component, AuditEntry::operation, AuditEntry::status,
                AuditEntry::userId, AuditEntry::sessionId, AuditEntry::requestId, AuditEntry::parametersJson,
                AuditEntry::resultJson, AuditEntry::errorCode, AuditEntry::errorMessage, AuditEntry::durationMillis,
                AuditEntry::metadataJson);
        String[] types = {"text", "int8", "text", "text", "text", "text", "text", "text", "text", "text", "text",
            "text", "int8", "text"};
        try (Connection connection = DriverManager.getConnection(schemaUrl(schema)
                + (batch ? "&reWriteBatchedInserts=true" : ""));
             PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            for (int first = 0; first < entries.size(); first += RAW_BATCH) {
                List<AuditEntry> chunk = entries.subList(first, Math.min(entries.size(), first + RAW_BATCH));
                for (int f = 0; f < fields.size(); f++) {
                    if (batch) {
                        continue;
                    }
                    Object[] column = new Object[chunk.size()];
                    for (int i = 0; i < column.length; i++) {
                        column[i] = fields.get(f).apply(chunk.get(i));
                    }
                    insert.setArray(f + 1, connection.createArrayOf(types[f], column));
                }
                if (batch) {
                    for (AuditEntry entry : chunk) {
                        for (int f = 0; f < fields.size(); f++) {
                            insert.setObject(f + 1, fields.get(f).apply(entry));
                        }
                        insert.addBatch();
                    }
                    insert.executeBatch();
                } else {
                    insert.executeUpdate();
                }
                connection.commit();
            }
            double elapsed = IngestHarness.seconds(started);
            dropSchema(schema);
            return entries.size() / elapsed;
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    private void queries(long points) throws SQLException {
        System.out.printf("%n== queries: %,d points over %,d series in 24 hours, %,d audit entries, %,d workers ==%n",
                points, SERIES, points / 5, QueryHarness.WORKERS);
        String schema = newSchema();
        try (PostgresStore store = PostgresStore.open(options(schema, "queries"))) {
            long spacing = Duration.ofDays(1).toMillis() * SERIES / points;
            WriteBatch.Buffer buffer = WriteBatch.buffer();
            for (long i = 0; i < points; i++) {
                buffer.metrics().add(new io.liteobs.MetricPoint(Workload.METRIC, Workload.value(i), Workload.UNIT,
                        LABELS[(int) (i % SERIES)], Workload.START_MILLIS + i / SERIES * spacing));
                flushWhenFull(store, buffer);
            }
            IdGenerator ids = IdGenerator.uuidV7();
            for (long i = 0; i < points / 5; i++) {
                buffer.audit().add(Workload.audit(i, ids));
                flushWhenFull(store, buffer);
            }
            for (int beat = 0; beat < 10; beat++) {
                for (int worker = 0; worker < QueryHarness.WORKERS; worker++) {
                    buffer.heartbeats().add(new Heartbeat("worker-" + worker, "host", 1,
                            Workload.START_MILLIS + beat * 10_000L, 10_000, 20, 1, 2, 3, 4, 5, 6, 0.5, 7));
                }
            }
            store.write(buffer.batch());
            store.compact();
            TimeRange day = TimeRange.between(Instant.ofEpochMilli(Workload.START_MILLIS),
                    Instant.ofEpochMilli(Workload.START_MILLIS).plus(Duration.ofDays(1)));
            DownsampleQuery oneSeries = DownsampleQuery.builder(Workload.METRIC).labels(LABELS[0]).range(day)
                    .step(Duration.ofMinutes(5)).aggregation(Aggregation.AVG).build();
            DownsampleQuery allSeries = DownsampleQuery.builder(Workload.METRIC).range(day)
                    .step(Duration.ofMinutes(5)).aggregation(Aggregation.P99).build();
            AuditQuery filtered = AuditQuery.builder().component("orders").operation("cancel").status("success")
                    .limit(100).build();
            System.out.println("downsample 1 series, 24 h by 5 min, avg:    " + Timing.of(5, 30,
                    () -> store.downsample(oneSeries)));
            System.out.println("downsample all series, 24 h by 5 min, p99: " + Timing.of(2, 10,
                    () -> store.downsample(allSeries)));
            System.out.println("audit, 3 filters, newest 100:              " + Timing.of(5, 30,
                    () -> store.findAudit(filtered)));
            System.out.println("latest heartbeat of 1,000 workers:         " + Timing.of(5, 30,
                    store::latestHeartbeats));
        }
        dropSchema(schema);
    }

    private static void flushWhenFull(PostgresStore store, WriteBatch.Buffer buffer) {
        if (buffer.size() == RAW_BATCH * 5) {
            store.write(buffer.batch());
            buffer.clear();
        }
    }

    // ---------------------------------------------------------------------------------------------- writers

    /**
     * 1, 2 and 4 processes, each a LiteObs instance of its own, writing points into one schema at once; their
     * rows per second together, from the moment all are told to start to the last one's final commit.
     */
    private void processesWritingAtOnce(long pointsEach) throws Exception {
        System.out.printf("%n== processes writing one schema at once, %,d points each ==%n", pointsEach);
        for (int processes : new int[] {1, 2, 4}) {
            String schema = newSchema();
            PostgresStore.open(options(schema, "setup")).close();
            List<Process> writers = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), PostgresHarness.class.getName(), "--writer",
                        schemaUrl(schema), "writer-" + p, Long.toString(pointsEach))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            for (Process writer : writers) {
                awaitLine(writer, "ready");
            }
            long started = System.nanoTime();
            for (Process writer : writers) {
                try (PrintWriter go = new PrintWriter(writer.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    go.println("go");
                }
            }
            for (Process writer : writers) {
                awaitLine(writer, "done");
                writer.waitFor(10, TimeUnit.MINUTES);
            }
            double elapsed = IngestHarness.seconds(started);
            long stored = queryLong(schema, "SELECT count(*) FROM metrics_timeseries");
            System.out.printf("%d process(es): %,12.0f points/s together, %,d points stored of %,d written%n",
                    processes, stored / elapsed, stored, processes * pointsEach);
            dropSchema(schema);
        }
    }

    /** A writing process: opens its store, says ready, waits for go, records, flushes, says done. */
    private static void writer(String schemaUrl, String instance, long points) throws IOException {
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        PostgresOptions options = PostgresOptions.builder(schemaUrl).service("bench").instance(instance).build();
        try (LiteObs obs = LiteObs.builder(PostgresStore.open(options)).metrics(blocking).build();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            if (!"go".equals(in.readLine())) {
                throw new IllegalStateException("expected go");
            }
            for (long i = 0; i < points; i++) {
                obs.metrics().record(Workload.METRIC, Workload.value(i), Workload.UNIT, LABELS[(int) (i % SERIES)],
                        Workload.timestamp(i));
            }
            if (!obs.flush(GENEROUS)) {
                throw new IllegalStateException("not everything was committed: " + obs.metrics().stats());
            }
        }
        System.out.println("done");
    }

    private static void awaitLine(Process process, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("a writer process ended before saying " + expected);
    }

    // ---------------------------------------------------------------------------------------------- retention

    /**
     * Four days of points, then the oldest day removed: by the store's chunked deletes (chunks of 10,000, then a
     * plain VACUUM) in one schema, by dropping a day's partition of a table partitioned by day in another. Then
     * a fifth day is written into both, to see whether the chunked table reuses the room it freed.
     */
    private void retention(long points) throws Exception {
        System.out.printf("%n== retention: 4 days of %,d points, the oldest day removed, a fifth day written ==%n",
                points / 4);
        long day = Duration.ofDays(1).toMillis();
        long perDay = points / 4;

        String chunked = newSchema();
        try (PostgresStore store = PostgresStore.open(options(chunked, "retention"))) {
            for (int d = 0; d < 4; d++) {
                writeDay(store, d, perDay, day);
            }
            store.compact();
            long before = tableBytes(chunked, "metrics_timeseries");
            long started = System.nanoTime();
            long deleted = 0;
            long chunk;
            do {
                chunk = store.deleteOlderThan(DataKind.METRICS, Workload.START_MILLIS + day, 10_000);
                deleted += chunk;
            } while (chunk == 10_000);
            double deleting = IngestHarness.seconds(started);
            started = System.nanoTime();
            store.compact();
            double vacuuming = IngestHarness.seconds(started);
            writeDay(store, 4, perDay, day);
            long after = tableBytes(chunked, "metrics_timeseries");
            System.out.printf("chunked deletes: %,d rows in %.2f s (%,.0f rows/s), VACUUM %.2f s;"
                    + " table and indexes %,d bytes before, %,d after the fifth day (%+.1f%%)%n", deleted, deleting,
                    deleted / deleting, vacuuming, before, after, 100.0 * (after - before) / before);
        }
        dropSchema(chunked);

        String partitioned = newSchema();
        try (Connection connection = DriverManager.getConnection(schemaUrl(partitioned));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE points_by_day (timestamp bigint NOT NULL, value double precision NOT NULL,"
                    + " series_id integer NOT NULL, seq integer NOT NULL) PARTITION BY RANGE (timestamp)");
            statement.execute("CREATE INDEX ON points_by_day (series_id, timestamp)");
            for (int d = 0; d < 5; d++) {
                long from = Workload.START_MILLIS + d * day;
                statement.execute("CREATE TABLE points_day_" + d + " PARTITION OF points_by_day FOR VALUES FROM ("
                        + from + ") TO (" + (from + day) + ")");
            }
            connection.setAutoCommit(false);
            for (int d = 0; d < 4; d++) {
                insertDay(connection, d, perDay, day);
            }
            long before = tableBytes(partitioned, "points_by_day");
            long started = System.nanoTime();
            statement.execute("DROP TABLE points_day_0");
            connection.commit();
            double dropping = IngestHarness.seconds(started);
            insertDay(connection, 4, perDay, day);
            long after = tableBytes(partitioned, "points_by_day");
            System.out.printf("dropped partition: %,d rows in %.3f s; table and indexes %,d bytes before,"
                    + " %,d after the fifth day (%+.1f%%)%n", perDay, dropping, before, after,
                    100.0 * (after - before) / before);
        }
        dropSchema(partitioned);
    }

    private static void writeDay(PostgresStore store, int d, long perDay, long day) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        for (long i = 0; i < perDay; i++) {
            buffer.metrics().add(new io.liteobs.MetricPoint(Workload.METRIC, Workload.value(i), Workload.UNIT,
                    LABELS[(int) (i % SERIES)], Workload.START_MILLIS + d * day + i * day / perDay));
            if (buffer.size() == RAW_BATCH) {
                store.write(buffer.batch());
                buffer.clear();
            }
        }
        store.write(buffer.batch());
    }

    private static void insertDay(Connection connection, int d, long perDay, long day) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO points_by_day"
                + " SELECT * FROM unnest(?::int8[], ?::float8[], ?::int4[], ?::int4[])")) {
            for (long first = 0; first < perDay; first += RAW_BATCH) {
                int size = (int) Math.min(RAW_BATCH, perDay - first);
                long[] timestamps = new long[size];
                double[] values = new double[size];
                int[] series = new int[size];
                for (int k = 0; k < size; k++) {
                    long i = first + k;
                    timestamps[k] = Workload.START_MILLIS + d * day + i * day / perDay;
                    values[k] = Workload.value(i);
                    series[k] = (int) (i % SERIES) + 1;
                }
                insert.setObject(1, timestamps);
                insert.setObject(2, values);
                insert.setObject(3, series);
                insert.setObject(4, new int[size]);
                insert.executeUpdate();
                connection.commit();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private PostgresOptions options(String schema, String instance) {
        return PostgresOptions.builder(schemaUrl(schema)).service("bench").instance(instance).build();
    }

    private String newSchema() throws SQLException {
        String schema = "liteobs_bench_" + ProcessHandle.current().pid() + "_" + ++schemas;
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    private void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private String schemaUrl(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String queryText(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private long queryLong(String schema, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(schemaUrl(schema));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The table, its partitions and their indexes, in bytes on disk. */
    private long tableBytes(String schema, String table) throws SQLException {
        return queryLong(schema, "SELECT coalesce((SELECT sum(pg_total_relation_size(relid))"
                + " FROM pg_partition_tree('" + table + "')), pg_total_relation_size('" + table + "'))");
    }

    /** Bytes per row of a table alone and of its indexes, after a VACUUM that sets its statistics. */
    private void printSize(String schema, String table, long rows) throws SQLException {
        execute("VACUUM (ANALYZE) " + schema + "." + table);
        long heap = queryLong(schema, "SELECT pg_table_size('" + table + "')");
        long indexes = queryLong(schema, "SELECT pg_indexes_size('" + table + "')");
        System.out.printf(Locale.ROOT, "  %s: %.1f bytes a row in the table, %.1f in its indexes (%,d rows)%n", table,
                heap / (double) rows, indexes / (double) rows, rows);
    }

    private static void printLoad(int round) {
        System.out.printf("round %d: load average %s%n", round + 1, Machine.loadAverage());
    }

    /** How much of a library phase the store's writes took: the rest is recording and the writer's own work. */
    private static void printWriteShare(TimedStore.Durations writes, double elapsedSeconds) {
        double writeSeconds = writes.nanos().stream().mapToLong(Long::longValue).sum() / 1e9;
        System.out.printf("  library: %.2f s, of which store.write %.2f s (%.0f %%) in %d batches (%s)%n",
                elapsedSeconds, writeSeconds, 100 * writeSeconds / elapsedSeconds, writes.count(), writes);
    }

    private static void printRates(List<String> names, double[][] rates) {
        for (int n = 0; n < names.size(); n++) {
            double[] sorted = rates[n].clone();
            Arrays.sort(sorted);
            System.out.printf("%-12s %,12.0f rows/s   (runs: %s)%n", names.get(n), sorted[sorted.length / 2],
                    Arrays.toString(Arrays.stream(rates[n]).mapToLong(Math::round).toArray()));
        }
        for (int n = 1; n < names.size(); n++) {
            double[] ratios = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                ratios[r] = rates[0][r] / rates[n][r];
            }
            Arrays.sort(ratios);
            System.out.printf("library / %-10s ratio %.2f (spread %.2f to %.2f over %d ABAB rounds)%n", names.get(n),
                    ratios[ROUNDS / 2], ratios[0], ratios[ROUNDS - 1], ROUNDS);
        }
    }
}
