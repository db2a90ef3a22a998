package io.liteobs.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard over a file of production size, in headless Chromium: 10 million metric points (100 metrics of 10
 * series over the last 24 hours), 1 million audit entries, 1 million HTTP requests over the same day (50 routes)
 * and 1,000 workers' heartbeats. For each range the page offers, the page is opened afresh several times; each time
 * the harness reads, from the page's own performance timeline, how long after navigation every panel and chart was
 * shown (the {@code liteobs-shown} mark the page sets on the frame after its first refresh), and for each API call
 * the page made, the server's time (from sending the request to the first byte of the answer, on loopback) and the
 * whole call. Calls of one refresh run together on the server's two threads, so each is timed alone too: the
 * same address called from the harness, one call at a time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.DashboardHarness [--quick] [--runs N]
 * </pre>
 *
 * <p>{@code --quick}: a tenth of each table. Needs Debian's {@code chromium} and {@code chromium-driver}.
 */
public final class DashboardHarness {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<String> RANGES = List.of("1h", "24h", "7d");
    private static final Duration SHOWN_WITHIN = Duration.ofMinutes(2);
    /** Every API call of the page after navigation: its path, server time and whole time, in milliseconds. */
    private static final String API_CALLS = "return performance.getEntriesByType('resource')"
            + ".filter(function (e) { return new URL(e.name).pathname.indexOf('/api') === 0; })"
            + ".map(function (e) { return { url: e.name, path: new URL(e.name).pathname,"
            + " server: e.responseStart - e.requestStart, whole: e.responseEnd - e.startTime }; });";

    private DashboardHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean quick = arguments.contains("--quick");
        int runs = arguments.contains("--runs") ? Integer.parseInt(arguments.get(arguments.indexOf("--runs") + 1))
                : quick ? 3 : 7;
        long points = quick ? 1_000_000 : 10_000_000;
        int auditRows = quick ? 100_000 : 1_000_000;
        int requests = quick ? 100_000 : 1_000_000;
        Machine.print(System.out);
        System.out.println("load average at the start: " + Machine.loadAverage());
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP);
             SqliteStore store = SqliteStore.open(files.newFile("dashboard", false))) {
            long started = System.nanoTime();
            Instant end = Instant.now();
            QueryHarness.writePoints(store, points, end);
            QueryHarness.writeAudit(store, auditRows);
            QueryHarness.writeHeartbeats(store, end);
            writeRequests(store, requests, end);
            System.out.printf("file written in %.1f s: %,d points, %,d audit entries, %,d HTTP requests, %,d"
                    + " workers%n", IngestHarness.seconds(started), points, auditRows, requests, QueryHarness.WORKERS);
            try (LiteObsHttpServer server = LiteObsHttpServer.builder(store).port(0).start();
                 HeadlessChromium chromium = HeadlessChromium.start(1280, 1400)) {
                for (String range : RANGES) {
                    report(chromium, server.url(), range, runs);
                }
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    /** Opens the page {@code runs} times (after one unmeasured load) over {@code range} and prints the figures. */
    private static void report(HeadlessChromium chromium, URI page, String range, int runs)
            throws IOException, InterruptedException {
        double[] shown = new double[runs];
        Map<String, List<double[]>> calls = new TreeMap<>();
        Map<String, String> lastUrlOfPath = new TreeMap<>();
        for (int run = -1; run < runs; run++) {
            chromium.open(URI.create("about:blank"));
            chromium.open(page.resolve("#range=" + range));
            chromium.await("performance.getEntriesByName('liteobs-shown').length", SHOWN_WITHIN);
            if (!chromium.script("return document.getElementById('problem').hidden;").asBoolean()) {
                throw new IllegalStateException("the page shows a problem: "
                        + chromium.script("return document.getElementById('problem').textContent;").asText());
            }
            if (run < 0) {
                continue;
            }
            shown[run] = chromium.script("return performance.getEntriesByName('liteobs-shown')[0].startTime;")
                    .asDouble();
            for (JsonNode call : chromium.script(API_CALLS)) {
                calls.computeIfAbsent(call.get("path").asText(), path -> new ArrayList<>())
                        .add(new double[] {call.get("server").asDouble(), call.get("whole").asDouble()});
                lastUrlOfPath.put(call.get("path").asText(), call.get("url").asText());
            }
        }
        System.out.printf("%nrange %s: every panel and chart shown %s after navigation%n", range, spread(shown));
        System.out.printf("  %-26s %5s %24s %24s %16s%n", "API call", "calls", "in the page: server time",
                "whole call", "alone: median");
        for (Map.Entry<String, List<double[]>> call : calls.entrySet()) {
            double[] server = call.getValue().stream().mapToDouble(t -> t[0]).toArray();
            double[] whole = call.getValue().stream().mapToDouble(t -> t[1]).toArray();
            System.out.printf("  %-26s %5d   median %5.0f, max %5.0f   median %5.0f, max %5.0f %13.1f ms%n",
                    call.getKey(), call.getValue().size() / runs, median(server), max(server), median(whole),
                    max(whole), alone(URI.create(lastUrlOfPath.get(call.getKey())), runs));
        }
    }

    /**
     * The median time of one call made alone, {@code runs} times, from sending it to reading the whole answer: in
     * the page, calls run together on the server's two threads and wait for each other.
     */
    private static double alone(URI call, int runs) throws IOException, InterruptedException {
        double[] millis = new double[runs];
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> answer = CLIENT.send(HttpRequest.newBuilder(call).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            millis[run] = (System.nanoTime() - started) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(call + " answered " + answer.statusCode());
            }
        }
        return median(millis);
    }

    /** Requests spread over the day before {@code end}, as {@link HttpHarness} makes them. */
    private static void writeRequests(SqliteStore store, int rows, Instant end) {
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (int i = 0; i < rows; i++) {
            batch.httpRequests().add(HttpHarness.request(i, rows, end));
            QueryHarness.flushIfFull(store, batch, i == rows - 1);
        }
    }

    private static String spread(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %.0f ms, min %.0f ms, max %.0f ms (%d loads)", median(sorted), sorted[0],
                sorted[sorted.length - 1], sorted.length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
