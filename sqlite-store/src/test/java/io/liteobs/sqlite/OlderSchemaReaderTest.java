package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.AuditCountQuery;
import io.liteobs.AuditQuery;
import io.liteobs.AuditStatusCount;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.Labels;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationQuery;
import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.WindowQuery;
import io.liteobs.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reader reads a file of every older schema version as it is: what the version lacks reads as absent, and the
 * file is left byte for byte as it was, with nothing created beside it.
 */
class OlderSchemaReaderTest {

    private static final TimeRange AROUND_T0 = TimeRange.between(Instant.ofEpochMilli(T0 - 60_000),
            Instant.ofEpochMilli(T0 + 60_000));

    @TempDir
    Path dir;

    static IntStream olderVersions() {
        return OlderFiles.olderVersions();
    }

    @ParameterizedTest
    @MethodSource("olderVersions")
    void everyQuery_readsTheRowsOfTheOlderFile_andLeavesItAsItWas(int version) throws Exception {
        Path file = dir.resolve("v" + version + ".db");
        OlderFiles.write(file, version, OlderFiles.SAMPLE_ROWS);
        byte[] before = Files.readAllBytes(file);

        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(version, reader.schemaVersion());

            Heartbeat beat = reader.latestHeartbeats().get(0);
            assertEquals(OlderFiles.WORKER, beat.workerId());
            assertEquals(10_000, beat.intervalMillis());
            assertEquals(beat, reader.latestHeartbeat(OlderFiles.WORKER).orElseThrow());
            if (version < 3) {
                assertNull(beat.progressCount(), "progress came with version 3");
                assertFalse(beat.stopped());
            }

            assertEquals("error", reader.findAudit(AuditQuery.builder().build()).get(0).status());
            assertEquals("o-1", reader.findEvents(EventQuery.builder().build()).get(0).entityId());
            assertEquals(List.of(1.5, 2.5), reader.findMetricPoints(MetricQuery.builder(OlderFiles.METRIC)
                    .labels(Labels.of("region", "eu")).build()).stream().map(point -> point.value()).toList());
            assertEquals(2.0, reader.downsample(DownsampleQuery.builder(OlderFiles.METRIC).range(AROUND_T0)
                    .step(Duration.ofMinutes(10)).aggregation(Aggregation.AVG).build()).get(0).value());
            assertEquals(1, reader.findMetricMetadata(null).size());
            assertEquals(2.5, reader.latestValues(T0, 10).get(0).value());

            HttpRequest request = reader.findHttpRequests(HttpRequestQuery.builder().build()).get(0);
            assertEquals(OlderFiles.PATH, request.path());
            // from version 4 on, the sample row, inserted without a route, has the column's default
            String route = version < 4 ? OlderFiles.PATH : "";
            assertEquals(route, request.route(), "a request logged before version 4 has its path as its route");
            assertNull(request.traceId());
            List<HttpRouteStats> stats = reader.httpRouteStats(HttpStatsQuery.builder(AROUND_T0).build());
            assertEquals(1, stats.size());
            assertEquals(1.0, stats.get(0).serverErrorRate());
            assertEquals(1, reader.httpRouteStats(HttpStatsQuery.builder(AROUND_T0).step(Duration.ofMinutes(1))
                    .build()).size());
            assertEquals(version < 4 ? 1 : 0, reader.findHttpRequests(HttpRequestQuery.builder()
                    .route(OlderFiles.PATH).build()).size());
            HttpRequestCount count = reader.countHttpRequests(HttpCountQuery.builder(AROUND_T0)
                    .thresholdMillis(1_000.0).build()).get(0);
            assertEquals(route, count.route());
            assertEquals(1, count.requests());
            assertEquals(List.of(new AuditStatusCount("orders", "create", "error", 1)),
                    reader.countAudit(AuditCountQuery.builder(AROUND_T0).build()));
            assertEquals(2, reader.aggregateWindow(WindowQuery.of(OlderFiles.METRIC, Labels.empty(), Aggregation.COUNT,
                    Duration.ofHours(1), AROUND_T0.toMillis())).get(0).value());

            AlertRecord alert = reader.findAlerts(AlertQuery.builder().build()).get(0);
            assertEquals("al-1", alert.id());
            assertNull(alert.ruleId(), "rules came with version 5");
            assertEquals(0, alert.evaluations());
            assertEquals(List.of(), reader.findAlerts(AlertQuery.builder().ruleId("r-1").build()));
            assertEquals(List.of(), reader.findNotificationAttempts(NotificationQuery.builder().build()));

            assertEquals(2L, reader.rowCounts().get(DataKind.METRICS));
            assertEquals(T0, reader.newestTimestamp(DataKind.AUDIT).orElseThrow());
            assertEquals(1, reader.seriesCount());

            SqliteFileInspector inspector = SqliteFileInspector.of(reader);
            SqliteFileStats fileStats = inspector.stats(5);
            assertEquals(version, fileStats.schemaVersion());
            assertEquals(version >= 5, fileStats.tables().stream().anyMatch(table -> table.table().equals(
                    Schema.ALERT_NOTIFICATIONS)), "a table the version lacks is left out");
            assertEquals(1, inspector.heartbeats(null, TimeRange.ALL, SortDirection.ASC, Page.DEFAULT).size());
            assertEquals(1, inspector.alerts(new SystemAlertQuery(TimeRange.ALL, null, null, true,
                    SortDirection.DESC, Page.DEFAULT)).size());
            assertEquals(1, inspector.rowsOlderThan(DataKind.HTTP_REQUESTS, T0 + 1));
        }

        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no -wal, -shm or journal beside it");
        }
    }

    @ParameterizedTest
    @MethodSource("olderVersions")
    void theStore_migratesAnOlderFile_andThenReadsWhatTheReaderRead(int version) throws Exception {
        Path file = dir.resolve("v" + version + ".db");
        OlderFiles.write(file, version, OlderFiles.SAMPLE_ROWS);
        HttpRequest asRead;
        try (SqliteReader reader = SqliteReader.open(file)) {
            asRead = reader.findHttpRequests(HttpRequestQuery.builder().build()).get(0);
        }

        SqliteStore.open(file).close();

        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(OlderFiles.latestVersion(), reader.schemaVersion());
            HttpRequest migrated = reader.findHttpRequests(HttpRequestQuery.builder().build()).get(0);
            assertEquals(version < 4 ? asRead : migrated, migrated, "the fallback is what the migration fills in");
        }
    }

    @Test
    void aFileWithoutAVersion_isRefused_sayingHowToFinishIt() throws Exception {
        Path file = dir.resolve("obs.db");
        OlderFiles.write(file, 1);
        TestData.execute(file, "DELETE FROM _observability_metadata WHERE key = 'schema_version'");

        StoreException refused = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> SqliteReader.open(file));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains(file + " records no schema version"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Open it once with SqliteStore"), refused.getMessage());
    }
}
