package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.TestEnvironment;
import io.liteobs.runtime.LiteObsRuntime;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /metrics} exposes, in which format, and within which bounds. */
class MetricsEndpointTest {

    @TempDir
    static Path dir;

    private static LiteObs obs;
    private static LiteObsHttpServer server;
    private static URI base;

    @BeforeAll
    static void serve() {
        obs = SampleData.openLiteObs(dir);
        SampleData.record(obs);
        server = LiteObsHttpServer.builder(obs).port(0).start();
        base = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
        obs.close();
    }

    @Test
    void textFormat_hasTheLatestValueOfEachSeriesInBaseUnits() {
        HttpResponse<String> scrape = Http.get(base, "/metrics");
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                scrape.headers().firstValue("Content-Type").orElseThrow());
        String text = scrape.body();
        assertTrue(text.contains("# HELP orders_latency_seconds Time to handle one order (stored in ms)\n"), text);
        assertTrue(text.contains("# TYPE orders_latency_seconds gauge\n"), text);
        assertTrue(text.contains("orders_latency_seconds{region=\"eu-west\"} 0.25\n"), text);
        assertTrue(text.contains("orders_latency_seconds{region=\"us-east\"} 0.099\n"), text);
        assertTrue(text.contains("# TYPE queue_depth gauge\n"), text);
    }

    @Test
    void libraryCounters_endInTotalAndHealthOfTheStoreIsAGauge() {
        String text = Http.get(base, "/metrics").body();
        assertTrue(text.contains("# TYPE liteobs_recorder_persisted_total counter\n"), text);
        assertTrue(text.contains("liteobs_recorder_persisted_total{component=\"audit\"} 7.0\n"), text);
        assertTrue(text.contains("liteobs_recorder_dropped_total{component=\"metrics\"} 0.0\n"), text);
        assertTrue(text.contains("liteobs_recorder_queued{component=\"events\"} 0.0\n"), text);
        assertTrue(text.contains("liteobs_store_writable 1.0\n"), text);
        assertTrue(text.contains("liteobs_scrape_limited 0.0\n"), text);
        assertTrue(text.contains("liteobs_scrape_series_skipped 0.0\n"), text);
    }

    @Test
    void openMetrics_whenTheScraperAsks() {
        HttpResponse<String> scrape = Http.get(base, "/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                scrape.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(scrape.body().contains("# UNIT orders_latency_seconds seconds\n"), scrape.body());
        assertTrue(scrape.body().endsWith("# EOF\n"));
    }

    @Test
    void theSeriesLimit_keepsTheMostRecentAndCountsTheRest() {
        try (LiteObsHttpServer limited = LiteObsHttpServer.builder(obs).port(0).maxScrapeSeries(1).start()) {
            String text = Http.get(limited.url(), "/metrics").body();
            assertTrue(text.contains("liteobs_scrape_limited 1.0\n"), text);
            assertTrue(text.contains("orders_latency_seconds{region=\"eu-west\"} 0.25\n"), "the latest written");
            assertFalse(text.contains("queue_depth"), text);
        }
        try (LiteObsHttpServer recentOnly = LiteObsHttpServer.builder(obs).port(0)
                .scrapeMaxAge(Duration.ofMillis(1)).start()) {
            String text = Http.get(recentOnly.url(), "/metrics").body();
            assertFalse(text.contains("orders_latency"), "series not written to lately are left out");
        }
    }

    @Test
    void storedNamesAndLabels_becomePrometheusNames(@TempDir Path own) {
        try (LiteObs other = SampleData.openLiteObs(own);
             LiteObsHttpServer otherServer = LiteObsHttpServer.builder(other).port(0).start()) {
            other.metrics().record("cache.hitRatio", 42, "%", Labels.of("cache.name", "users", "__name__", "x"));
            other.metrics().record("jvm.gc.pause", 1500, "us", Labels.empty());
            other.metrics().record("liteobs.store.writable", 7, null, Labels.empty());
            assertTrue(other.flush(Duration.ofSeconds(5)));
            String text = Http.get(otherServer.url(), "/metrics").body();
            assertTrue(text.contains("cache_hit_ratio{_name__=\"x\",cache_name=\"users\"} 0.42\n"), text);
            assertTrue(text.contains("jvm_gc_pause_seconds 0.0015\n"), text);
            assertTrue(text.contains("liteobs_store_writable 1.0\n"), "the library's own metric keeps its name");
            assertFalse(text.contains("liteobs_store_writable 7"), text);
            assertTrue(text.contains("liteobs_scrape_series_skipped 1.0\n"), text);
        }
    }

    @Test
    void promtool_findsNothingToSay() throws Exception {
        Path promtool = TestEnvironment.requireProgram("promtool");
        String text = Http.get(base, "/metrics").body();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var stdin = check.getOutputStream()) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), output + "\n--- scraped:\n" + text);
        assertEquals("", output.strip(), "promtool's lint output");
    }

    @Test
    void health_isInTheScrapeWhenARuntimeIsGiven(@TempDir Path own) {
        try (LiteObs other = SampleData.openLiteObs(own);
             LiteObsRuntime runtime = LiteObsRuntime.start(other);
             LiteObsHttpServer withHealth = LiteObsHttpServer.builder(other).runtime(runtime).port(0).start()) {
            String text = Http.get(withHealth.url(), "/metrics").body();
            assertTrue(text.contains("# TYPE liteobs_health_score gauge\n"), text);
            JsonNode health = Http.json(Http.get(withHealth.url(), "/api/health"));
            int score = health.get("score").asInt();
            assertTrue(score >= 0 && score <= 100, health.toString());
            assertTrue(text.contains("liteobs_health_score "), text);
            JsonNode explained = Http.json(Http.get(withHealth.url(), "/api/health/explain?resource=jvm"));
            assertEquals("JVM", explained.get("resource").asText());
            assertEquals(400, Http.get(withHealth.url(), "/api/health/explain?resource=gpu").statusCode());
        }
    }
}
