package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.LiteObs;
import io.liteobs.alerting.Indicator;
import io.liteobs.alerting.Objective;
import io.liteobs.sqlite.SqliteReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON API over a real SQLite file: good parameters, bad ones, and hostile ones. */
class JsonApiTest {

    @TempDir
    static Path dir;

    private static LiteObs obs;
    private static LiteObsHttpServer server;
    private static URI base;

    @BeforeAll
    static void serve() {
        obs = SampleData.openLiteObs(dir);
        SampleData.record(obs);
        server = LiteObsHttpServer.builder(obs).port(0).objectives(List.of(
                Objective.named("shop", Indicator.httpAvailability()).target(0.99),
                Objective.named("orders-fast", Indicator.httpLatency(Duration.ofMillis(10)).route("/orders/{id}"))))
                .start();
        base = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
        obs.close();
    }

    private static JsonNode ok(String pathAndQuery) {
        HttpResponse<String> response = Http.get(base, pathAndQuery);
        assertEquals(200, response.statusCode(), pathAndQuery + " -> " + response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        return Http.json(response);
    }

    private static String badRequest(String pathAndQuery) {
        HttpResponse<String> response = Http.get(base, pathAndQuery);
        assertEquals(400, response.statusCode(), pathAndQuery + " -> " + response.body());
        JsonNode body = Http.json(response);
        assertEquals(400, body.get("status").asInt());
        return body.get("error").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void index_listsEveryEndpointWithItsParameters() {
        JsonNode index = ok("/api");
        for (String path : new String[] {"/api/audit", "/api/events", "/api/metrics", "/api/metrics/names",
                "/api/metrics/points", "/api/metrics/downsample", "/api/heartbeats", "/api/liveness", "/api/stats",
                "/api/alerts", "/api/http/requests", "/api/http/routes", "/api/slo"}) {
            assertTrue(index.has(path), path);
        }
        assertFalse(index.has("/api/health"), "no runtime was given, so there is no health score");
        assertTrue(index.get("/api/audit").get("parameters").toString().contains("component"));
    }

    @Test
    void audit_filtersOrdersAndPages() {
        JsonNode first = ok("/api/audit?component=orders&limit=2");
        assertEquals(2, first.get("items").size());
        assertEquals(2, first.get("nextOffset").asInt());
        JsonNode newest = first.get("items").get(0);
        assertEquals("orders", newest.get("component").asText());
        assertEquals("alice", newest.get("userId").asText());
        assertTrue(newest.get("timestampMillis").asLong() >= first.get("items").get(1).get("timestampMillis").asLong());

        JsonNode last = ok("/api/audit?component=orders&limit=2&offset=4");
        assertEquals(1, last.get("items").size());
        assertTrue(last.get("nextOffset").isNull(), "a page that is not full is the last");

        JsonNode slowest = ok("/api/audit?component=orders&orderBy=duration&direction=desc&limit=1");
        assertEquals(14, slowest.get("items").get(0).get("durationMillis").asLong());
        JsonNode errors = ok("/api/audit?status=error");
        assertEquals("card declined", errors.get("items").get(0).get("errorMessage").asText());
    }

    @Test
    void audit_takesARangeAsFromAndToOrAsADurationEndingNow() {
        assertEquals(7, ok("/api/audit?range=1h").get("items").size());
        assertEquals(0, ok("/api/audit?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z").get("items").size());
        assertEquals(7, ok("/api/audit?from=978307200000").get("items").size());
    }

    @Test
    void events_filterByTypeAndEntity() {
        JsonNode failed = ok("/api/events?eventType=order.failed");
        assertEquals(1, failed.get("items").size());
        assertFalse(failed.get("items").get(0).get("success").asBoolean());
        assertEquals("order.paid", ok("/api/events?entityType=order&entityId=o-1").get("items").get(0)
                .get("eventType").asText());
    }

    @Test
    void metrics_listSeriesNamesPointsAndDownsampledBuckets() {
        JsonNode series = ok("/api/metrics?name=orders.latency");
        assertEquals(2, series.get("items").size());
        assertEquals("eu-west", series.get("items").get(0).get("labels").get("region").asText());
        assertEquals("ms", series.get("items").get(0).get("unit").asText());

        JsonNode names = ok("/api/metrics/names");
        assertEquals("orders.latency", names.get(0).get("name").asText());
        assertEquals(2, names.get(0).get("series").asInt());
        assertEquals("queue.depth", names.get(1).get("name").asText());

        String eu = encode("{\"region\":\"eu-west\"}");
        JsonNode points = ok("/api/metrics/points?name=orders.latency&labels=" + eu + "&range=1h&limit=1000");
        assertEquals(61, points.size());
        assertEquals(250.0, points.get(60).get("value").asDouble());

        JsonNode max = ok("/api/metrics/downsample?name=orders.latency&labels=" + eu
                + "&range=1h&step=1h&aggregation=max");
        assertEquals(3_600_000, max.get("stepMillis").asLong());
        double highest = 0;
        for (JsonNode bucket : max.get("points")) {
            highest = Math.max(highest, bucket.get("value").asDouble());
        }
        assertEquals(250.0, highest);

        JsonNode chart = ok("/api/metrics/downsample?name=orders.latency&range=1h&points=60");
        assertEquals(60_000, chart.get("stepMillis").asLong());
        assertEquals("AVG", chart.get("aggregation").asText());
    }

    @Test
    void heartbeatsAndLiveness_showEachWorker() {
        JsonNode beats = ok("/api/heartbeats");
        assertEquals("worker-1", beats.get(0).get("workerId").asText());
        assertTrue(beats.get(0).get("heapUsed").asLong() > 0);
        JsonNode liveness = ok("/api/liveness");
        assertTrue(liveness.get(0).get("alive").asBoolean());
        assertFalse(ok("/api/liveness?staleAfter=1ms").get(0).get("alive").asBoolean()
                && ok("/api/liveness?staleAfter=1ms").get(0).get("sinceLastBeatMillis").asLong() > 1);
    }

    @Test
    void alerts_filterBySeverityRuleSourceAndState() {
        JsonNode all = ok("/api/alerts");
        assertEquals(2, all.get("items").size());
        JsonNode newest = all.get("items").get(0);
        assertEquals("alert-1", newest.get("id").asText(), "newest opened first");
        assertEquals("latency-high", newest.get("ruleId").asText());
        assertEquals("eu-west", newest.get("labels").get("region").asText());
        assertEquals(250.0, newest.get("value").asDouble());
        assertTrue(newest.get("resolvedAtMillis").isNull());

        JsonNode open = ok("/api/alerts?open=true").get("items");
        assertEquals(1, open.size());
        assertEquals("alert-1", open.get(0).get("id").asText());
        assertEquals(2, ok("/api/alerts?open=false").get("items").size(), "open=false is open and resolved");
        assertEquals("alert-2", ok("/api/alerts?severity=warning").get("items").get(0).get("id").asText());
        assertEquals("alert-2", ok("/api/alerts?ruleId=queue-deep").get("items").get(0).get("id").asText());
        assertEquals("alert-1", ok("/api/alerts?source=orders.latency").get("items").get(0).get("id").asText());
        assertEquals(1, ok("/api/alerts?range=5m").get("items").size(), "the range is on the time opened");

        JsonNode page = ok("/api/alerts?limit=1&offset=1");
        assertEquals("alert-2", page.get("items").get(0).get("id").asText());
        assertEquals(SampleData.HOSTILE, page.get("items").get(0).get("message").asText());
        assertTrue(page.get("items").get(0).get("value").isNull(), "an alert without a value says null, not \"NaN\"");
        assertEquals(2, page.get("nextOffset").asInt());
    }

    @Test
    void httpRequests_filterOrderAndPage() {
        JsonNode all = ok("/api/http/requests");
        assertEquals(6, all.get("items").size());
        assertEquals("r-0", all.get("items").get(0).get("requestId").asText(), "newest first");

        JsonNode orders = ok("/api/http/requests?route=" + encode("/orders/{id}") + "&method=GET&limit=3");
        assertEquals(3, orders.get("items").size());
        assertEquals(3, orders.get("nextOffset").asInt());
        assertEquals(1, ok("/api/http/requests?route=" + encode("/orders/{id}") + "&offset=3").get("items").size());

        assertEquals("r-slow", ok("/api/http/requests?orderBy=duration&direction=desc&limit=1").get("items").get(0)
                .get("requestId").asText());
        assertEquals("r-0", ok("/api/http/requests?orderBy=duration&direction=asc&method=GET&status=200&limit=1")
                .get("items").get(0).get("requestId").asText());
        assertEquals("r-slow", ok("/api/http/requests?statusClass=5").get("items").get(0).get("requestId").asText());
        assertEquals(1, ok("/api/http/requests?minDuration=500ms").get("items").size());
        assertEquals("r-2", ok("/api/http/requests?requestId=r-2").get("items").get(0).get("requestId").asText());
        assertEquals(0, ok("/api/http/requests?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z")
                .get("items").size());
    }

    @Test
    void slo_givesEachObjectivesBudgetAndBurnRates_andExplainsWhatSpentIt() {
        JsonNode shop = ok("/api/slo").get("objectives").get(0);
        assertEquals("shop", shop.get("objective").asText());
        assertEquals(6, shop.get("events").asLong(), "four GETs, a POST answered 503, a GET answered 404");
        assertEquals(5.0 / 6, shop.get("sli").asDouble(), 1e-12);
        assertEquals(1 - 1 / (0.01 * 6), shop.get("budgetRemaining").asDouble(), 1e-9);
        assertEquals("5m", shop.get("burnRates").get(0).get("window").asText());
        assertEquals("none", shop.get("alert").asText(), "6 events: fewer than the minimum of 100");

        JsonNode fast = ok("/api/slo?objective=orders-fast&explain=1h");
        assertEquals(1, fast.get("objectives").size());
        assertEquals(4, fast.get("objectives").get(0).get("events").asLong());
        JsonNode why = fast.get("explanations").get(0);
        assertEquals("1h", why.get("window").asText());
        assertEquals("/orders/{id}", why.get("contributors").get(0).get("labels").get("route").asText());
        assertTrue(badRequest("/api/slo?objective=nope").contains("objective 'nope' is not served"));
        assertTrue(badRequest("/api/slo?explain=soon").contains("explain"));
    }

    @Test
    void httpRoutes_givePerRouteStatisticsOverARangeOrPerStep() {
        JsonNode stats = ok("/api/http/routes?range=1h");
        assertEquals(0, stats.get("stepMillis").asLong());
        JsonNode byRoute = stats.get("routes");
        assertEquals(3, byRoute.size(), byRoute.toString());
        JsonNode orders = null;
        for (JsonNode route : byRoute) {
            if (route.get("route").asText().equals("/orders/{id}")) {
                orders = route;
            }
        }
        assertTrue(orders != null, byRoute.toString());
        assertEquals("GET", orders.get("method").asText());
        assertEquals(4, orders.get("count").asLong());
        assertEquals(0.0, orders.get("serverErrorRate").asDouble());
        assertEquals(13.0, orders.get("maxMillis").asDouble());

        JsonNode post = ok("/api/http/routes?range=1h&method=POST&route=%2Forders").get("routes");
        assertEquals(1, post.size());
        assertEquals(1.0, post.get(0).get("serverErrorRate").asDouble());

        JsonNode perMinute = ok("/api/http/routes?range=1h&step=1m&route=" + encode("/orders/{id}"));
        assertEquals(60_000, perMinute.get("stepMillis").asLong());
        long counted = 0;
        for (JsonNode step : perMinute.get("routes")) {
            assertEquals(0, step.get("startMillis").asLong() % 60_000, "steps start on multiples of the step");
            counted += step.get("count").asLong();
        }
        assertEquals(4, counted);
    }

    @Test
    void stats_countRowsAndTellTheRecordersCounters() {
        JsonNode stats = ok("/api/stats");
        assertEquals(7, stats.get("rows").get("audit").asLong());
        assertEquals(3, stats.get("series").asLong());
        assertEquals("OK", stats.get("store").get("state").asText());
        assertEquals("audit", stats.get("recorders").get(0).get("component").asText());
        assertEquals(7, stats.get("recorders").get(0).get("persisted").asLong());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/audit?limit=0                      | limit",
        "/api/audit?limit=100001                 | limit",
        "/api/audit?limit=ten                    | limit must be an integer",
        "/api/audit?offset=-1                    | offset",
        "/api/audit?orderBy=name                 | orderBy must be one of [time, duration]",
        "/api/audit?direction=up                 | direction",
        "/api/audit?colour=red                   | unknown parameter 'colour'",
        "/api/audit?limit=1&limit=2              | limit is given more than once",
        "/api/audit?from=yesterday               | from must be an ISO-8601 instant",
        "/api/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z | must be after",
        "/api/audit?range=1h&from=0              | either range, or from and to",
        "/api/audit?range=-5m                    | range must be a duration",
        "/api/events?direction=sideways          | direction",
        "/api/metrics/points?range=1h            | name is required",
        "/api/metrics/points?name=x&limit=0      | limit",
        "/api/metrics/downsample?name=x          | give range",
        "/api/metrics/downsample?name=x&range=7d&step=1ms | buckets",
        "/api/metrics/downsample?name=x&range=1h&points=0 | points must be from 1",
        "/api/metrics/downsample?name=x&range=1h&step=1m&points=5 | either step or points",
        "/api/metrics/downsample?name=x&range=1h&aggregation=median | aggregation must be one of",
        "/api/liveness?staleAfter=soon           | staleAfter must be a duration",
        "/api/heartbeats?anything=1              | takes none",
        "/api/alerts?open=yes                    | open must be true or false",
        "/api/alerts?limit=0                     | limit",
        "/api/alerts?offset=-5                   | offset",
        "/api/alerts?range=1h&to=0               | either range, or from and to",
        "/api/alerts?status=open                 | unknown parameter 'status'",
        "/api/http/requests?status=99            | status",
        "/api/http/requests?status=abc           | status must be an integer",
        "/api/http/requests?statusClass=6        | statusClass",
        "/api/http/requests?status=500&statusClass=5 | set one of them",
        "/api/http/requests?minDuration=-1s      | minDuration must be a duration",
        "/api/http/requests?orderBy=status       | orderBy must be one of [time, duration]",
        "/api/http/requests?direction=down       | direction",
        "/api/http/requests?limit=100001         | limit",
        "/api/http/routes                        | give range",
        "/api/http/routes?range=7d&step=1ms      | steps",
        "/api/http/routes?range=1h&step=0s       | step must be positive",
        "/api/http/routes?range=1h&limit=5       | unknown parameter 'limit'",
    })
    void badParameters_are400WithAMessageNamingThem(String pathAndQuery, String expected) {
        String message = badRequest(pathAndQuery);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void hostileText_isABoundValueNeverSql() {
        assertEquals(0, ok("/api/audit?component=" + encode("orders' OR '1'='1")).get("items").size());
        assertEquals(0, ok("/api/audit?userId=" + encode("x\"); DROP TABLE audit_log; --")).get("items").size());
        assertEquals(7, ok("/api/stats").get("rows").get("audit").asLong(), "nothing was dropped");
        assertEquals(0, ok("/api/metrics/points?name=" + encode("orders.latency' --") + "&range=1h").size());
        assertEquals(0, ok("/api/http/requests?route=" + encode("/orders' OR 1=1 --")).get("items").size());
        assertEquals(0, ok("/api/alerts?severity=" + encode("critical' OR '1'='1")).get("items").size());
        assertEquals(0, ok("/api/http/routes?range=1h&method=" + encode("GET\" OR 1=1")).get("routes").size());
        JsonNode hostileRoute = ok("/api/http/requests?status=404").get("items").get(0);
        assertEquals(SampleData.HOSTILE, hostileRoute.get("route").asText(), "a stored route comes back as it was");
        JsonNode hostile = ok("/api/audit?component=hostile").get("items").get(0);
        assertEquals(SampleData.HOSTILE, hostile.get("operation").asText(), "stored text comes back as it was");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/audit?component=%00",
        "/api/audit?component=a%0Ab",
        "/api/metrics/points?name=x&labels=%7Bbad",
        "/api/metrics/points?name=x&labels=%5B%22a%22%5D",
        "/api/metrics/points?name=x&labels=%7B%22a%22%3A1%7D",
        "/api/metrics/points?name=%20&range=1h",
        "/api/audit?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13&n=14&o=15&p=16&q=17&r=18&s=19&t=20&u=21&v=22&w=23&x=24&y=25",
    })
    void hostileParameters_are400(String pathAndQuery) {
        badRequest(pathAndQuery);
    }

    @Test
    void badPercentEncoding_is400() {
        // the JDK server refuses such an address before the handler sees it; another server may pass it on
        String answer = Http.raw(base, "GET /api/audit?component=%zz HTTP/1.1");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> QueryParameters.parse("component=%zz", Set.of("component")));
        assertEquals(400, refused.status());
        assertEquals("component is not valid percent-encoding", refused.getMessage());
    }

    @Test
    void aLongValue_is400AndATooLongAddress414() {
        assertTrue(badRequest("/api/audit?component=" + "a".repeat(QueryParameters.MAX_VALUE_LENGTH + 1))
                .contains("longer than"));
        HttpResponse<String> tooLong = Http.get(base, "/api/audit?component=" + "a".repeat(
                LiteObsHttpHandler.MAX_URI_LENGTH));
        assertEquals(414, tooLong.statusCode());
    }

    @Test
    void unknownPaths_are404AndNeverReachAFile() {
        assertEquals(404, Http.get(base, "/api/nothing").statusCode());
        assertEquals(404, Http.get(base, "/dashboard/../../../etc/passwd").statusCode());
        assertEquals(404, Http.get(base, "/dashboard/%2e%2e/%2e%2e/etc/passwd").statusCode());
        assertEquals(404, Http.get(base, "/io/liteobs/http/LiteObsHttpHandler.class").statusCode());
    }

    @Test
    void aReadOnlyFile_isServedThroughAReader() {
        try (SqliteReader reader = SqliteReader.open(dir.resolve("served.db"));
             LiteObsHttpServer readOnly = LiteObsHttpServer.builder(reader).port(0).start()) {
            JsonNode audit = Http.json(Http.get(readOnly.url(), "/api/audit?component=payments"));
            assertEquals("charge", audit.get("items").get(0).get("operation").asText());
            JsonNode stats = Http.json(Http.get(readOnly.url(), "/api/stats"));
            assertTrue(stats.get("recorders").isNull(), "a file has no recorders");
            assertEquals(200, Http.get(readOnly.url(), "/readyz").statusCode());
        }
    }
}
