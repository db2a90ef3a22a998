package io.liteobs.benchmarks;

import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.http.HttpExchangeAdapter;
import io.liteobs.http.LiteObsHttpHandler;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One scrape of {@code /metrics} over 10,000 stored series (1,000 metrics of 10 series, each with a history), timed
 * in the handler (no network) and through the JDK server, against a baseline measured in the same run: listing the
 * series, the one query every scrape starts with. Scrape and baseline runs alternate (ABAB), so that a slower
 * moment of the machine touches both. Wall time and the scraping thread's CPU time are both reported: on a shared,
 * busy machine the CPU time is the steadier figure (SQLite runs on the calling thread, so its work is counted).
 *
 * <p>Two files: in the first, the series of a metric are written at the same moments, as a registry publishing a
 * step does, and a scrape reads the latest points with one query per metric; in the second every series has its
 * own latest millisecond, the worst case, one query per series.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.ScrapeHarness [--quick]
 * </pre>
 *
 * <p>{@code --quick}: 1,000 series, fewer runs.
 */
public final class ScrapeHarness {

    private static final int SERIES_PER_METRIC = 10;
    private static final int POINTS_PER_SERIES = 100;
    private static final long STEP_MILLIS = 10_000;

    private ScrapeHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int metrics = quick ? 100 : 1_000;
        int runs = quick ? 10 : 30;
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            for (boolean shared : new boolean[] {true, false}) {
                try (SqliteStore store = SqliteStore.open(files.newFile(shared ? "shared" : "scattered", false))) {
                    long started = System.nanoTime();
                    write(store, metrics, shared);
                    System.out.printf("%n%,d series, %,d points, %s last-seen times (written in %.1f s)%n",
                            metrics * SERIES_PER_METRIC, (long) metrics * SERIES_PER_METRIC * POINTS_PER_SERIES,
                            shared ? "shared per metric" : "one per series", IngestHarness.seconds(started));
                    System.out.println("  load average before: " + Machine.loadAverage());
                    report(store, runs);
                    System.out.println("  load average after:  " + Machine.loadAverage());
                }
            }
        }
    }

    private static void report(SqliteStore store, int runs) throws Exception {
        LiteObsHttpHandler handler = LiteObsHttpHandler.builder(store).build();
        DiscardingExchange exchange = new DiscardingExchange();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] scrape = new double[runs];
        double[] baseline = new double[runs];
        double[] scrapeCpu = new double[runs];
        double[] baselineCpu = new double[runs];
        for (int warmup = 0; warmup < 3; warmup++) {
            handler.handle(exchange);
            store.findMetricMetadata(null);
        }
        for (int i = 0; i < runs; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            handler.handle(exchange);
            scrape[i] = (System.nanoTime() - started) / 1e6;
            scrapeCpu[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            cpu = threads.getCurrentThreadCpuTime();
            started = System.nanoTime();
            if (store.findMetricMetadata(null).isEmpty()) {
                throw new IllegalStateException("no series were written");
            }
            baseline[i] = (System.nanoTime() - started) / 1e6;
            baselineCpu[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        }
        System.out.printf("  scrape in the handler  %s   (%,d bytes)%n", spread(scrape), exchange.bytes);
        System.out.printf("  baseline: list series  %s%n", spread(baseline));
        System.out.printf("  ratio of medians       %.2f x the series listing%n", median(scrape) / median(baseline));
        System.out.printf("  CPU of the scrape      %s%n", spread(scrapeCpu));
        System.out.printf("  CPU of the baseline    %s%n", spread(baselineCpu));
        System.out.printf("  ratio of CPU medians   %.2f x the series listing%n",
                median(scrapeCpu) / median(baselineCpu));

        try (LiteObsHttpServer server = LiteObsHttpServer.builder(store).port(0).start()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "metrics")).build();
            double[] http = new double[runs];
            for (int i = -3; i < runs; i++) {
                long started = System.nanoTime();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("scrape answered " + response.statusCode());
                }
                if (i >= 0) {
                    http[i] = (System.nanoTime() - started) / 1e6;
                }
            }
            System.out.printf("  scrape over HTTP       %s%n", spread(http));
        }
    }

    /** Each series' points every step up to now; with {@code shared} false, each series one millisecond apart. */
    private static void write(SqliteStore store, int metrics, boolean shared) {
        long last = System.currentTimeMillis() - 1_000;
        WriteBatch.Buffer batch = WriteBatch.buffer();
        for (int metric = 0; metric < metrics; metric++) {
            for (int series = 0; series < SERIES_PER_METRIC; series++) {
                Labels labels = Labels.of("instance", "i-" + series, "region", "r-" + series % 3);
                long offset = shared ? 0 : metric * SERIES_PER_METRIC + series;
                for (int point = 0; point < POINTS_PER_SERIES; point++) {
                    long at = last - (POINTS_PER_SERIES - 1 - point) * STEP_MILLIS - offset;
                    batch.metrics().add(new MetricPoint("service.metric" + metric, Workload.value(point), "ms",
                            labels, at));
                }
            }
            if (batch.size() >= 50_000) {
                store.write(batch.batch());
                batch.clear();
            }
        }
        store.write(batch.batch());
    }

    private static String spread(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %7.2f ms   p95 %7.2f ms   min %7.2f ms   max %7.2f ms   (%d runs)",
                median(sorted), sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sorted[0],
                sorted[sorted.length - 1], sorted.length);
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A GET of /metrics whose answer is counted and dropped. */
    private static final class DiscardingExchange implements HttpExchangeAdapter {
        long bytes;

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/metrics";
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public void send(int status, Map<String, String> headers, byte[] body) {
            if (status != 200) {
                throw new UncheckedIOException(new IOException("scrape answered " + status + ": "
                        + new String(body, java.nio.charset.StandardCharsets.UTF_8)));
            }
            bytes = body.length;
        }
    }
}
