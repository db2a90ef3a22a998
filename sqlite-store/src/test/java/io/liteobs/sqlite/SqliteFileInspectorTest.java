package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.execute;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileInspectorTest {

    @TempDir
    Path dir;

    @Test
    void stats_countTablesTimesAndSeries_andTheBusiestSeriesFirst() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(audit("a-1", T0).build(), audit("a-2", T0 + 50).build(), heartbeat("w", T0 + 5),
                    heartbeat("w", T0 + 9), point("latency", 1, T0 + 1, "route", "/a"),
                    point("latency", 2, T0 + 2, "route", "/a"), point("latency", 3, T0 + 3, "route", "/b")));
        }
        long fileBytes = Files.size(file);
        try (SqliteReader reader = SqliteReader.open(file)) {
            SqliteFileStats stats = SqliteFileInspector.of(reader).stats(1);

            assertEquals(Migrations.LATEST_VERSION, stats.schemaVersion());
            assertEquals(fileBytes, stats.fileBytes());
            assertEquals(stats.pageCount() * stats.pageSize(), stats.fileBytes());
            assertEquals(0, stats.walBytes(), "the store removed its log when it closed");
            assertTrue(stats.reserveBytes() > 0, "the store keeps a disk reserve beside the file");
            assertEquals(2, stats.seriesCount());
            assertEquals(List.of(new SqliteFileStats.SeriesVolume(1, "latency", Labels.of("route", "/a"), 2)),
                    stats.busiestSeries());
            Map<String, SqliteFileStats.TableStats> tables = stats.tables().stream()
                    .collect(Collectors.toMap(SqliteFileStats.TableStats::table, Function.identity()));
            assertEquals(Schema.TABLES, stats.tables().stream().map(SqliteFileStats.TableStats::table).toList());
            assertEquals(new SqliteFileStats.TableStats("audit_log", 2, tables.get("audit_log").bytes(), T0, T0 + 50),
                    tables.get("audit_log"));
            assertEquals(T0 + 5, tables.get("worker_heartbeats").oldestMillis());
            assertEquals(T0 + 9, tables.get("worker_heartbeats").newestMillis());
            assertEquals(3, tables.get("metrics_timeseries").rows());
            assertEquals(T0 + 3, tables.get("metrics_timeseries").newestMillis());
            assertNull(tables.get("business_event_logs").oldestMillis(), "an empty table has no times");
            assertTrue(stats.tableBytesMeasured(), "the bundled SQLite has dbstat");
            assertTrue(tables.get("audit_log").bytes() >= 2 * stats.pageSize(), "a table and its indexes");
            assertTrue(stats.tables().stream().mapToLong(SqliteFileStats.TableStats::bytes).sum()
                    < stats.fileBytes(), "the schema's own pages belong to no table");
        }
    }

    @Test
    void alerts_filterBySeverityAndOpenness_inTheDirectionAskedFor() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(alert("al-1", T0), alert("al-2", T0 + 10), alert("al-3", T0 + 20)));
        }
        execute(file, "UPDATE system_alerts SET severity = 'critical' WHERE alert_id != 'al-1'",
                "UPDATE system_alerts SET resolved_at = " + (T0 + 30) + " WHERE alert_id = 'al-3'");
        try (SqliteReader reader = SqliteReader.open(file)) {
            SqliteFileInspector inspector = SqliteFileInspector.of(reader);
            List<StoredAlert> critical = inspector.alerts(new SystemAlertQuery(TimeRange.ALL, "critical", null,
                    false, SortDirection.ASC, Page.DEFAULT));
            assertEquals(List.of("al-2", "al-3"), critical.stream().map(a -> a.alert().id()).toList());
            assertEquals(T0 + 30, critical.get(1).resolvedAtMillis());
            assertEquals(List.of("al-2"), inspector.alerts(new SystemAlertQuery(TimeRange.ALL, "critical", null,
                    true, SortDirection.DESC, Page.DEFAULT)).stream().map(a -> a.alert().id()).toList());
            assertEquals(List.of("al-2"), inspector.alerts(new SystemAlertQuery(TimeRange.ALL, null, null, false,
                    SortDirection.DESC, new Page(1, 1))).stream().map(a -> a.alert().id()).toList());
        }
    }

    @Test
    void heartbeats_readOneWorkersHistoryInRange_andRowsOlderThanCountsWhatRetentionWouldDelete() {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(heartbeat("w-1", T0), heartbeat("w-2", T0 + 1), heartbeat("w-1", T0 + 10),
                    heartbeat("w-1", T0 + 20)));
        }
        try (SqliteReader reader = SqliteReader.open(file)) {
            SqliteFileInspector inspector = SqliteFileInspector.of(reader);
            List<Heartbeat> beats = inspector.heartbeats("w-1", TimeRange.between(Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 20)), SortDirection.DESC, Page.DEFAULT);
            assertEquals(List.of(T0 + 10, T0), beats.stream().map(Heartbeat::timestampMillis).toList());
            assertEquals(4, inspector.heartbeats(null, TimeRange.ALL, SortDirection.ASC, Page.DEFAULT).size());
            assertEquals(2, inspector.rowsOlderThan(DataKind.HEARTBEATS, T0 + 10));
            assertEquals(0, inspector.rowsOlderThan(DataKind.AUDIT, T0 + 10));
            assertThrows(IllegalArgumentException.class, () -> inspector.stats(-1));
        }
    }

    @Test
    void vacuum_givesTheSpaceOfDeletedRowsBackToTheFileSystem() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            Object[] entries = new Object[5_000];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = audit("a-" + i, T0 + i).errorMessage("x".repeat(200)).build();
            }
            store.write(batch(entries));
            store.compact();
            long full = Files.size(file);
            store.deleteOlderThan(DataKind.AUDIT, T0 + 4_000, 10_000);
            store.compact();
            assertEquals(full, Files.size(file), "deleted rows leave free pages inside the file");

            store.vacuum();

            assertTrue(Files.size(file) < full / 2, Files.size(file) + " bytes after VACUUM, " + full + " before");
            assertEquals(List.of("1000"), TestData.column(file, "SELECT count(*) FROM audit_log"));
        }
    }
}
