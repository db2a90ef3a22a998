package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.LiteObs;
import io.liteobs.TestEnvironment;
import io.liteobs.alerting.BurnRateAlerts;
import io.liteobs.alerting.Indicator;
import io.liteobs.alerting.Objective;
import io.liteobs.runtime.LiteObsRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium: the page loads its data, draws its charts, shows stored text as text, and
 * leaves a screenshot in {@code target/dashboard.png}.
 */
class DashboardInBrowserTest {

    /** Time the page may take, in Chromium's virtual time: enough for every fetch, less than a refresh. */
    private static final int VIRTUAL_TIME_MILLIS = 8_000;

    @TempDir
    static Path dir;

    private static LiteObs obs;
    private static LiteObsRuntime runtime;
    private static LiteObsHttpServer server;

    @BeforeAll
    static void serve() {
        obs = SampleData.openLiteObs(dir);
        runtime = LiteObsRuntime.start(obs);
        SampleData.record(obs);
        server = LiteObsHttpServer.builder(obs).runtime(runtime).port(0).objectives(List.of(
                Objective.named("shop", Indicator.httpAvailability()).target(0.99)
                        .alerts(BurnRateAlerts.workbook(Objective.DEFAULT_WINDOW).minEvents(1)))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        runtime.close();
        obs.close();
    }

    @Test
    void thePage_showsWorkersChartsAuditAndEvents() throws Exception {
        String dom = chromium("--dump-dom", server.url().toString());
        assertTrue(dom.contains("data-loaded=\"true\""), "every panel loaded without a problem:\n" + dom);
        assertTrue(dom.contains("<td>worker-1</td><td class=\"ok\">alive</td>"), dom);
        assertTrue(dom.contains("<td>payments</td><td>charge</td><td class=\"bad\">error</td><td>bob</td>"), dom);
        assertTrue(dom.contains("card declined"), dom);
        assertTrue(dom.contains("<td>order.paid</td><td>order-service</td><td>order o-1</td>"), dom);
        assertTrue(dom.contains("<span id=\"health-score\">"), dom);
        Matcher score = Pattern.compile("<span id=\"health-score\">(\\d+)</span>").matcher(dom);
        assertTrue(score.find(), "a health score is shown:\n" + dom);

        assertFalse(dom.contains("<section id=\"alerts\" class=\"panel wide\" hidden"), "the Alerts panel is shown");
        assertTrue(dom.contains("<td>latency-high</td><td>orders.latency</td><td>latency over 200 ms</td>"
                + "<td class=\"bad\">open</td>"), dom);
        assertTrue(dom.contains("<td class=\"ok\">resolved "), dom);
        assertFalse(dom.contains("<section id=\"routes\" class=\"panel wide\" hidden"), "the routes panel is shown");
        assertTrue(dom.contains("<td>GET</td><td>/orders/{id}</td><td>4</td>"), dom);
        assertTrue(dom.contains("<td>POST</td><td>/orders</td><td>1</td>"), dom);
        assertTrue(dom.contains("<td class=\"bad\">100.0 %</td><td>900 ms</td>"), dom);
        assertFalse(dom.contains("<section id=\"objectives\" class=\"panel wide\" hidden"),
                "the objectives panel is shown");
        // 1 of 6 requests answered 5xx: a burn of 16.7 over 5m and 1h, above 14.4
        assertTrue(dom.contains("<td>shop</td><td class=\"bad\">page</td><td>83.333 %</td><td>99.000 %</td>"
                + "<td>30d</td><td>6</td>"), dom);

        List<String> charted = new ArrayList<>();
        Matcher chart = Pattern.compile("<figure class=\"chart\" data-metric=\"([^\"]+)\">").matcher(dom);
        while (chart.find()) {
            charted.add(chart.group(1));
        }
        assertTrue(charted.contains("orders.latency") || charted.size() == 4, charted.toString());
        assertFalse(charted.isEmpty(), dom);
        int canvases = dom.split("<canvas", -1).length - 1;
        assertEquals(charted.size(), canvases, "one drawn canvas per chart");
    }

    @Test
    void hostileStoredText_isShownAsTextAndNeverRuns() throws Exception {
        String dom = chromium("--dump-dom", server.url().toString());
        assertTrue(dom.contains("<title>LiteObs</title>"), "no stored script changed the title");
        assertFalse(dom.contains("pwned</title>"), dom);
        String shownAsText = "&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=";
        assertTrue(dom.contains("<td>" + shownAsText), "an audit entry's text: " + dom);
        assertTrue(dom.contains("<td>queue.depth</td><td>" + shownAsText), "an alert's message: " + dom);
        assertTrue(dom.contains("<td>GET</td><td>" + shownAsText), "a route: " + dom);
        assertFalse(dom.contains("<img src=\"x\""), "no element was made from stored text");
        assertFalse(dom.contains("<script>document.title"), dom);
    }

    @Test
    void aScreenshot_isKeptAsABuildArtifact() throws Exception {
        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, "--window-size=1280,1400", server.url().toString());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the rendered page at " + screenshot);
    }

    /** Runs headless Chromium on the page with a fresh profile; returns what it printed. */
    private static String chromium(String... arguments) throws IOException, InterruptedException {
        Path chromium = TestEnvironment.requireProgram("chromium");
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_MILLIS));
        command.addAll(List.of(arguments));
        Path errors = dir.resolve("chromium-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Chromium did not finish within 60 s: " + Files.readString(errors));
        }
        assertEquals(0, process.exitValue(), "Chromium failed: " + Files.readString(errors));
        return out;
    }
}
