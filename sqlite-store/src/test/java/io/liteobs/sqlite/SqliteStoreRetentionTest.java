package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqliteStoreRetentionTest {

    private static final long CUTOFF = T0 + 1_000;
    private static final int OLD = 25;
    private static final int FRESH = 5;

    @TempDir
    Path dir;
    private Path file;
    private SqliteStore store;

    /** Every kind gets 25 rows before the cutoff and 5 at or after it, fresh and old rows interleaved. */
    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("obs.db");
        store = SqliteStore.open(file);
        List<Object> entries = new ArrayList<>();
        try (Connection other = TestData.connect(file);
             PreparedStatement alert = other.prepareStatement("INSERT INTO system_alerts"
                     + " (alert_id, timestamp, severity, source, message) VALUES (?, ?, 'warning', 'disk', 'full')");
             PreparedStatement request = other.prepareStatement("INSERT INTO http_request_logs"
                     + " (timestamp, method, path, status_code) VALUES (?, 'GET', '/orders', 200)")) {
            for (int i = 0; i < OLD + FRESH; i++) {
                long timestamp = i % 6 == 0 ? CUTOFF + i : T0 + i;
                entries.add(audit("a-" + i, timestamp).build());
                entries.add(event("e-" + i, timestamp).build());
                entries.add(heartbeat("worker-" + i % 3, timestamp));
                entries.add(point("latency", i, timestamp, "shard", Integer.toString(i % 2)));
                alert.setString(1, "al-" + i);
                alert.setLong(2, timestamp);
                alert.executeUpdate();
                request.setLong(1, timestamp);
                request.executeUpdate();
            }
        }
        store.write(batchOf(entries));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * The compatibility kit deletes every kind a batch writes; HTTP requests have no write path yet, so their rows,
     * written here through JDBC, are checked here.
     */
    @Test
    void deleteOlderThan_deletesOnlyHttpRequestsBeforeTheCutoff_inChunksOfAtMostMaxRows() throws Exception {
        DataKind kind = DataKind.HTTP_REQUESTS;
        String table = Schema.tableOf(kind);
        Map<DataKind, Long> before = store.rowCounts();
        List<String> freshIds = ids(table, "timestamp >= " + CUTOFF);

        assertEquals(10, store.deleteOlderThan(kind, CUTOFF, 10));
        assertEquals(10, store.deleteOlderThan(kind, CUTOFF, 10));
        assertEquals(5, store.deleteOlderThan(kind, CUTOFF, 10));
        assertEquals(0, store.deleteOlderThan(kind, CUTOFF, 10));

        assertEquals(freshIds, ids(table, "1 = 1"));
        Map<DataKind, Long> expected = new HashMap<>(before);
        expected.put(kind, (long) FRESH);
        assertEquals(expected, store.rowCounts(), "every other table is untouched");
    }

    @ParameterizedTest
    @EnumSource(DataKind.class)
    void deleteOlderThan_withNothingToDelete_doesNotTakeTheWriteLock(DataKind kind) throws Exception {
        store.close();
        store = SqliteStore.builder(file).busyTimeout(Duration.ZERO).build();
        assertEquals(OLD, store.deleteOlderThan(kind, CUTOFF, 1_000));
        try (Connection other = TestData.connect(file); Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");

            // the write lock is another connection's: a delete that needed it would fail with SQLITE_BUSY
            assertEquals(0, store.deleteOlderThan(kind, CUTOFF, 1_000));

            lock.execute("ROLLBACK");
        }
    }

    /** The keys of the table's rows: the row id, or series, time and sequence for the clustered points. */
    private List<String> ids(String table, String condition) throws Exception {
        String key = table.equals("metrics_timeseries") ? "series_id || '/' || timestamp || '/' || seq" : "id";
        return TestData.column(file, "SELECT " + key + " FROM " + table + " WHERE " + condition + " ORDER BY 1");
    }

    @Test
    void metricRetention_visitsEachSeriesOncePerRun_andMovesFirstSeenToTheOldestPointLeft() throws Exception {
        int series = 300;
        int oldPerSeries = 4;
        int chunk = 50;
        store.deleteOlderThan(DataKind.METRICS, CUTOFF, 1_000);
        List<Object> points = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            for (int i = 0; i < oldPerSeries; i++) {
                points.add(point("wide", i, T0 + i, "s", Integer.toString(s)));
            }
            if (s % 2 == 0) {
                points.add(point("wide", 99, CUTOFF + s, "s", Integer.toString(s)));
            }
        }
        store.write(batchOf(points));
        long visitsBefore = store.metricWriter().retentionVisits();

        long deleted = 0;
        int chunks = 0;
        long last;
        do {
            last = store.deleteOlderThan(DataKind.METRICS, CUTOFF, chunk);
            deleted += last;
            chunks++;
        } while (last == chunk);

        assertEquals(series * oldPerSeries, deleted);
        long visits = store.metricWriter().retentionVisits() - visitsBefore;
        // Once per series with old points, plus once more for a series a chunk boundary split.
        assertTrue(visits <= series + chunks, visits + " visits of " + series + " series in " + chunks + " chunks");
        assertEquals(List.of(), TestData.column(file, "SELECT series_id FROM metrics_metadata m WHERE first_seen"
                + " <> coalesce((SELECT min(timestamp) FROM metrics_timeseries t WHERE t.series_id = m.series_id),"
                + " " + CUTOFF + ")"), "first_seen is the oldest point left, or the cutoff");

        assertEquals(0, store.deleteOlderThan(DataKind.METRICS, CUTOFF, chunk));
        assertEquals(visitsBefore + visits, store.metricWriter().retentionVisits(),
                "a run with nothing to delete visits no series");
    }

    @Test
    void compact_truncatesTheWriteAheadLog() throws Exception {
        Path wal = dir.resolve("obs.db-wal");
        store.deleteOlderThan(DataKind.AUDIT, CUTOFF, 1_000);
        assertTrue(Files.size(wal) > 0);

        store.compact();

        assertEquals(0, Files.size(wal));
        assertEquals(FRESH, store.rowCounts().get(DataKind.AUDIT));
    }

    @Test
    void compact_waitsBrieflyForAReader_notTheBusyTimeout_andLeavesTheLogAsFarAsItCould() throws Exception {
        store.close();
        store = SqliteStore.builder(file).busyTimeout(Duration.ofHours(1)).build();
        Path wal = dir.resolve("obs.db-wal");
        try (Connection reader = TestData.connect(file); Statement query = reader.createStatement()) {
            reader.setAutoCommit(false);
            try (ResultSet row = query.executeQuery("SELECT count(*) FROM audit_log")) {
                row.next();
            }
            store.deleteOlderThan(DataKind.AUDIT, CUTOFF, 1_000);
            long walBefore = Files.size(wal);

            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                // With the busy timeout, compact() would wait an hour for the reader.
                thread.submit(() -> store.compact()).get(60, TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }

            assertEquals(walBefore, Files.size(wal), "not truncated while the reader holds its snapshot");
            reader.rollback();
        }
        store.compact();
        assertEquals(0, Files.size(wal));
        assertEquals(FRESH, store.rowCounts().get(DataKind.AUDIT));
    }

}
