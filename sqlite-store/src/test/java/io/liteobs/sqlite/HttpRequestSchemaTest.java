package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.column;
import static io.liteobs.sqlite.TestData.writeFileAtVersion;
import static io.liteobs.sqlite.TestData.rows;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.httpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpStatsQuery;
import io.liteobs.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 4 for HTTP requests, and the migration that brings a file of today's release, version 2, to it. */
class HttpRequestSchemaTest {

    @TempDir
    Path dir;

    @Test
    void versionTwoFile_gainsTheColumnsIndexesAndView_andKeepsItsRowsWithTheirPathAsRoute() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersionTwoFile(file);

        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(httpRequest("GET", "/orders/{id}", 200, 1_500, T0 + 1)));

            assertEquals(List.of("/orders/7", "/orders/{id}"), store.findHttpRequests(HttpRequestQuery.builder()
                    .build()).stream().map(HttpRequest::route).sorted().toList());
            assertEquals(2, store.httpRouteStats(HttpStatsQuery.builder(new TimeRange(Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 2))).build()).size());
        }

        assertEquals(List.of(Integer.toString(Migrations.LATEST_VERSION)), column(file,
                "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
        assertTrue(column(file, "SELECT name FROM pragma_table_info('http_request_logs')")
                .containsAll(List.of("route", "trace_id", "user_agent", "query")));
        assertEquals(List.of(List.of("2025-10-09T08:53:20.000Z", "GET", "/orders/7", "/orders/7", "200", "12.5",
                        "r-1", "alice")),
                rows(file, "SELECT time, method, route, path, status_code, duration_ms, request_id, user_id"
                        + " FROM http_requests WHERE timestamp = " + T0));
        try (SqliteReader reader = SqliteReader.open(file)) {
            assertEquals(2, reader.findHttpRequests(HttpRequestQuery.builder().build()).size());
        }
    }

    @Test
    void statistics_readTheCoveringIndexForMostOfTheTable_andTheTimeIndexForLittleOfIt() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batch(httpRequest("GET", "/a", 200, 1, T0), httpRequest("GET", "/a", 200, 1, T0 + 99_999)));
            assertEquals(HttpRequestTable.STATS_INDEX, store.read("index", connection ->
                    HttpRequestTable.statsIndex(connection, range(T0 + 40_000, T0 + 100_000))));
            assertEquals(HttpRequestTable.TIME_INDEX, store.read("index", connection ->
                    HttpRequestTable.statsIndex(connection, range(T0 + 60_000, T0 + 100_000))));
            assertEquals(HttpRequestTable.STATS_INDEX, store.read("index", connection ->
                    HttpRequestTable.statsIndex(connection, range(T0 - 1_000_000, T0 + 1_000_000))));
        }

        String plan = rows(file, "EXPLAIN QUERY PLAN SELECT route, method, duration_ms, status_code,"
                + " row_number() OVER w, count(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
                + " FROM http_request_logs INDEXED BY " + HttpRequestTable.STATS_INDEX
                + " WHERE timestamp >= 0 AND timestamp < 10 WINDOW w AS (PARTITION BY route, method"
                + " ORDER BY duration_ms)").toString();
        assertTrue(plan.contains("COVERING INDEX " + HttpRequestTable.STATS_INDEX), plan);
        assertFalse(plan.contains("TEMP B-TREE"), "the covering index needs no sort: " + plan);
    }

    @Test
    void readyQueryOfTheHttpLoggingPage_givesTheNearestRankP99AndServerErrorRatePerRoute() throws Exception {
        Path file = dir.resolve("obs.db");
        long now = System.currentTimeMillis();
        try (SqliteStore store = SqliteStore.open(file)) {
            List<Object> requests = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                requests.add(httpRequest("GET", "/orders", i % 50 == 0 ? 503 : 200, i * 1_000L, now - 60_000 - i));
            }
            requests.add(httpRequest("GET", "/orders", 200, 9_000_000, now - 2 * 3_600_000));
            requests.add(httpRequest("POST", "/orders", 201, 1_500, now - 60_000));
            store.write(batchOf(requests));
        }
        Matcher block = Pattern.compile("```sql\n-- p99 and 5xx rate per route over the last hour\n(.*?)```",
                Pattern.DOTALL).matcher(Files.readString(Path.of("..", "docs", "http-logging.md")));
        assertTrue(block.find(), "the query is on the page");

        // 200 requests of 1 to 200 ms: p99 is the 198th; 4 of them failed; the request of two hours ago is out
        assertEquals(List.of(List.of("/orders", "GET", "200", "0.02", "198.0"),
                List.of("/orders", "POST", "1", "0.0", "1.5")), rows(file, block.group(1)));
    }

    private static TimeRange range(long fromMillis, long toMillis) {
        return new TimeRange(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
    }

    /** A file as LiteObs wrote it at schema version 2: its DDL, its metadata and a request row. */
    private static void writeVersionTwoFile(Path file) throws SQLException {
        writeFileAtVersion(file, 2,
                "INSERT INTO http_request_logs (timestamp, method, path, status_code, duration_ms, request_id,"
                        + " user_id) VALUES (" + T0 + ", 'GET', '/orders/7', 200, 12.5, 'r-1', 'alice')");
    }
}
