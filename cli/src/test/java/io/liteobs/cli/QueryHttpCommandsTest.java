package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batchOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.HttpRequest;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query http} and {@code query routes} against one file: a request a second for 100 seconds, even seconds
 * {@code GET /orders/{id}} and odd ones {@code POST /orders}, each taking as many milliseconds as its second; every
 * tenth second answers 500 (all GETs), every tenth plus five 404 (all POSTs).
 */
class QueryHttpCommandsTest {

    private static final int SECONDS = 100;
    private static final long NOW = T0 + SECONDS * 1_000L;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void hundredSeconds() {
        file = dir.resolve("obs.db");
        List<HttpRequest> requests = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            boolean get = second % 2 == 0;
            int status = second % 10 == 0 ? 500 : second % 10 == 5 ? 404 : 200;
            String route = get ? "/orders/{id}" : "/orders";
            requests.add(new HttpRequest(T0 + second * 1_000L, get ? "GET" : "POST",
                    get ? "/orders/" + second : "/orders", route, status, second * 1_000_000L, null, 64L,
                    "r-" + second, null, "user-" + second % 3, null, null, null, null));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(requests));
        }
    }

    @Test
    void http_filtersByStatusClass_newestFirst() {
        JsonNode failed = Cli.at(NOW, on(file, "query", "http", "--status-class", "5", "--json")).json();
        assertEquals(List.of(90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L, 10L, 0L), seconds(failed));
        assertTrue(rows(failed).stream().allMatch(row -> row.get("status_code").asInt() == 500
                && row.get("method").asText().equals("GET")));
        assertEquals("/orders/90", failed.get(0).get("path").asText());
        assertEquals(90.0, failed.get(0).get("duration_ms").asDouble());
        assertEquals(64, failed.get(0).get("response_bytes").asLong());
    }

    @Test
    void http_filtersByMethodRouteAndMinDuration_ordersByDurationAscending() {
        JsonNode slow = Cli.at(NOW, on(file, "query", "http", "--method", "GET", "--route", "/orders/{id}",
                "--min-duration", "90ms", "--order-by", "duration", "--asc", "--json")).json();
        assertEquals(List.of(90L, 92L, 94L, 96L, 98L), seconds(slow));
    }

    @Test
    void http_filtersByStatusRequestAndUser_andPages() {
        JsonNode notFound = Cli.at(NOW, on(file, "query", "http", "--status", "404", "--since", "50s",
                "--json")).json();
        assertEquals(List.of(95L, 85L, 75L, 65L, 55L), seconds(notFound), "the last 50 seconds only");

        JsonNode one = Cli.at(NOW, on(file, "query", "http", "--request", "r-7", "--json")).json();
        assertEquals(List.of(7L), seconds(one));

        List<List<String>> paged = Cli.at(NOW, on(file, "query", "http", "--user", "user-1", "--limit", "2",
                "--offset", "1", "--csv")).csv();
        int requestId = paged.get(0).indexOf("request_id");
        assertEquals(List.of("r-94", "r-91"), paged.subList(1, paged.size()).stream()
                .map(row -> row.get(requestId)).toList(), "user-1 is on 97, 94, 91...: the second page of two");
    }

    @Test
    void http_statusAndStatusClassTogether_isAUsageError() {
        Cli.Run run = Cli.at(NOW, on(file, "query", "http", "--status", "500", "--status-class", "5"));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("statusClass"), run.err());
    }

    /** T0 to T0 + 100 s exactly, so that the rates divide by 100 seconds. */
    @Test
    void routes_overTheRange_countRatesErrorsAndPercentiles() {
        JsonNode routes = Cli.at(NOW, on(file, "query", "routes", "--since", "2025-10-09T08:53:20Z", "--until",
                "2025-10-09T08:55:00Z", "--json")).json();
        assertEquals(2, routes.size(), routes.toString());
        JsonNode get = route(routes, "GET");
        assertEquals("/orders/{id}", get.get("route").asText());
        assertEquals(50, get.get("count").asLong());
        assertEquals(0.5, get.get("requests_per_second").asDouble(), 1e-9);
        assertEquals(0.2, get.get("server_error_rate").asDouble(), 1e-9);
        assertEquals(0.0, get.get("client_error_rate").asDouble(), 1e-9);
        assertEquals(98.0, get.get("max_ms").asDouble());
        assertEquals(48.0, get.get("p50_ms").asDouble(), "the 25th of 0, 2, ... 98 by nearest rank");
        JsonNode post = route(routes, "POST");
        assertEquals(0.2, post.get("client_error_rate").asDouble(), 1e-9);
        assertEquals(99.0, post.get("p99_ms").asDouble());
    }

    @Test
    void routes_withAStep_giveOneRowPerRouteAndStep() {
        JsonNode steps = Cli.at(NOW, on(file, "query", "routes", "--method", "GET", "--since", "100s", "--step",
                "50s", "--json")).json();
        assertEquals(2, steps.size(), steps.toString());
        for (JsonNode step : rows(steps)) {
            assertEquals(25, step.get("count").asLong(), step.toString());
        }
        assertEquals(List.of(0L, 50L), rows(steps).stream()
                .map(step -> (Instant.parse(step.get("start").asText()).toEpochMilli() - T0) / 1000).sorted().toList());
    }

    @Test
    void exportHttp_everyRequestOldestFirst_asNdjsonAndCsv() {
        List<JsonNode> all = Cli.at(NOW, on(file, "export", "http")).ndjson();
        assertEquals(SECONDS, all.size());
        assertEquals(LongStream.range(0, SECONDS).boxed().toList(), seconds(new ObjectMapper().valueToTree(all)));

        List<List<String>> lastTen = Cli.at(NOW, on(file, "export", "http", "--since", "10s", "--csv")).csv();
        assertEquals(11, lastTen.size(), "a header and ten rows");
        assertEquals("status_code", lastTen.get(0).get(4));
        assertEquals("/orders/90", lastTen.get(1).get(2), "oldest first");
        assertEquals("500", lastTen.get(1).get(4));
    }

    private static JsonNode route(JsonNode routes, String method) {
        return rows(routes).stream().filter(row -> row.get("method").asText().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " row in " + routes));
    }

    private static List<Long> seconds(JsonNode rows) {
        return rows(rows).stream().map(row -> row.get("request_id").asText())
                .map(id -> Long.parseLong(id.substring(2))).toList();
    }

    private static List<JsonNode> rows(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
