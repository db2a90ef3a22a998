package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.httpRequest;
import static io.liteobs.store.tck.Entries.point;
import static io.liteobs.store.tck.Entries.progressHeartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.DownsampleQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.LatestValue;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances writing one database, read together and one at a time, and listed with their last writes. */
class SourcesTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final TimeRange HOUR_OF_T0 = TimeRange.between(Instant.ofEpochMilli(T0),
            Instant.ofEpochMilli(T0 + 3_600_000));

    private static PostgresStore open(String url, String service, String instance) {
        return PostgresStore.open(PostgresOptions.builder(url).service(service).instance(instance).build());
    }

    @Test
    void readerOfOneSource_seesOnlyItsRows_inRangeQueriesAndStatisticsToo() {
        String url = postgres.createSchema();
        try (PostgresStore one = open(url, "orders", "orders-1");
             PostgresStore two = open(url, "orders", "orders-2")) {
            one.write(batch(audit("a-1", T0).build(), point("latency", 10, T0), point("latency", 20, T0 + 1),
                    httpRequest("GET", "/orders", 200, 1_000, T0)));
            two.write(batch(audit("a-2", T0).build(), point("latency", 1_000, T0),
                    httpRequest("GET", "/orders", 500, 9_000, T0), httpRequest("GET", "/orders", 500, 9_000, T0)));

            try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
                PostgresReader first = reader.forSource("orders", "orders-1");
                assertEquals(List.of("a-1"), first.findAudit(AuditQuery.builder().build()).stream()
                        .map(AuditEntry::id).toList());
                assertEquals(2, reader.findAudit(AuditQuery.builder().build()).size(), "the whole reader sees both");

                List<SeriesPoint> sums = first.downsample(DownsampleQuery.builder("latency")
                        .range(HOUR_OF_T0).step(Duration.ofMinutes(1)).aggregation(Aggregation.SUM).build());
                assertEquals(List.of(30.0), sums.stream().map(SeriesPoint::value).toList());

                List<HttpRouteStats> stats = first.httpRouteStats(HttpStatsQuery.builder(HOUR_OF_T0).build());
                assertEquals(1, stats.size());
                assertEquals(1, stats.get(0).count());
                assertEquals(0.0, stats.get(0).serverErrorRate());

                List<LatestValue> latest = reader.forSource("orders", "orders-2").latestValues(T0, 10);
                assertEquals(List.of(1_000.0), latest.stream().map(LatestValue::value).toList());
                assertEquals(one.sourceId(), first.source().orElseThrow().sourceId());
                assertTrue(reader.source().isEmpty());
            }
        }
    }

    @Test
    void sources_areListedWithTheirLastWrite_andOneThatNeverWroteHasNone() {
        String url = postgres.createSchema();
        long before = System.currentTimeMillis();
        try (PostgresStore writing = open(url, "orders", "orders-1");
             PostgresStore idle = open(url, "billing", "billing-1")) {
            writing.write(batch(point("latency", 1, T0)));
            long after = System.currentTimeMillis();

            List<PostgresSource> sources = writing.sources();
            assertEquals(List.of("billing/billing-1", "orders/orders-1"), sources.stream()
                    .map(source -> source.service() + "/" + source.instance()).toList(), "by service, instance");
            assertTrue(sources.get(0).lastWriteMillis().isEmpty());
            long lastWrite = sources.get(1).lastWriteMillis().orElseThrow();
            assertTrue(lastWrite >= before && lastWrite <= after, lastWrite + " within the write");
            assertEquals(idle.sourceId(), sources.get(0).sourceId());
        }
    }

    @Test
    void readerOfASourceThatNeverOpened_isRefused_namingTheWayToList() {
        String url = postgres.createSchema();
        try (PostgresStore store = open(url, "orders", "orders-1")) {
            IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                    () -> store.forSource("orders", "orders-9"));
            assertTrue(refusal.getMessage().contains("orders-9") && refusal.getMessage().contains("sources()"),
                    refusal.getMessage());
        }
    }

    @Test
    void readerOfASource_isClosedWithItsStore() {
        String url = postgres.createSchema();
        PostgresStore store = open(url, "orders", "orders-1");
        PostgresReader own = store.forSource("orders", "orders-1");
        own.close();
        assertEquals(0, own.seriesCount(), "closing the reader of a source leaves the store's connections open");
        store.close();
        assertEquals(StoreException.Kind.CLOSED, assertThrows(StoreException.class, own::seriesCount).kind());
    }

    @Test
    void idleWriters_areDeletedByRetention_keepingEachSourcesNewest() throws SQLException {
        String url = postgres.createSchema();
        for (int i = 0; i < 3; i++) {
            try (PostgresStore store = open(url, "orders", "orders-1")) {
                store.write(batch(point("latency", i, T0 + i)));
            }
        }
        // three stores opened one after another, a fortnight ago
        postgres.execute("UPDATE " + schemaOf(url) + "._observability_writers SET last_write = last_write"
                + " - 14 * 86400000");
        try (PostgresStore store = open(url, "billing", "billing-1")) {
            store.deleteOlderThan(io.liteobs.DataKind.AUDIT, System.currentTimeMillis(), 100);
            assertEquals(1, queryLong(url, "SELECT count(*) FROM _observability_writers"),
                    "only the newest writer of orders-1 is left");
            assertFalse(store.sources().get(1).lastWriteMillis().isEmpty());
        }
    }

    @Test
    void workerLiveness_judgesEachWorkersLatestBeat_andNamesItsInstance() throws SQLException {
        String url = postgres.createSchema();
        long now = System.currentTimeMillis();
        try (PostgresStore store = open(url, "orders", "orders-1")) {
            store.write(batch(heartbeat("alive", now - 1_000), heartbeat("stale", now - 3_600_000),
                    progressHeartbeat("stuck", now, now - 600_000, false),
                    progressHeartbeat("stopped", now, now, true)));
        }
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT worker_id, state, alive, instance,"
                     + " intervals_without_progress FROM worker_liveness ORDER BY worker_id")) {
            while (row.next()) {
                rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getBoolean(3) + " "
                        + row.getString(4) + " " + row.getObject(5));
            }
        }
        assertEquals(List.of("alive ALIVE true orders-1 null", "stale STALE false orders-1 null",
                "stopped STOPPED false orders-1 0", "stuck NOT_PROGRESSING true orders-1 60"), rows);
    }

    private static String schemaOf(String url) {
        return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }

    private static long queryLong(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
