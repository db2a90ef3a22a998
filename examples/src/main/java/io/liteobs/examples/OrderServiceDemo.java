package io.liteobs.examples;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricType;
import io.liteobs.RecorderStats;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.SeriesPoint;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.WorkerLiveness;
import io.liteobs.WriterOptions;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.health.Explanation;
import io.liteobs.runtime.health.HealthReport;
import io.liteobs.runtime.health.Resource;
import io.liteobs.runtime.host.HostMetricsCollector;
import io.liteobs.runtime.micrometer.LiteObsRegistryConfig;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small order service: worker threads take orders for about ten seconds and record everything through LiteObs
 * into {@code ./liteobs-demo.db}, while its HTTP API ({@link OrderApi}, on the JDK's server behind the LiteObs filter)
 * answers a client that calls it; then the demo prints what an operator would look at. The file stays behind to be
 * opened with any SQLite tool; the next run starts afresh.
 *
 * <p>Arguments (all optional): {@code --seconds N} (default 10), {@code --file PATH} (default
 * {@code liteobs-demo.db}), {@code --workers N} (default 4), {@code --http-port N} (default 9464, 0 for any free
 * port): the dashboard is served there while the demo runs.
 */
public final class OrderServiceDemo {

    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final int API_CLIENTS = 2;

    private final LiteObs obs;
    private final LiteObsRuntime runtime;
    private final Timer checkout;
    private final PrintStream out;

    private OrderServiceDemo(LiteObs obs, LiteObsRuntime runtime, PrintStream out) {
        this.obs = obs;
        this.runtime = runtime;
        // a Micrometer timer, as a service already has them: the LiteObs registry stores it in the same file
        this.checkout = Timer.builder("orders.checkout").description("Time to check one order out")
                .publishPercentiles(0.5, 0.99).register(runtime.registry());
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        deleteDatabase(settings.file());
        RetentionPolicy retention = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(1))
                .keep(DataKind.AUDIT, Duration.ofDays(365))
                .keep(DataKind.HEARTBEATS, Duration.ofHours(1))
                .keep(DataKind.HTTP_REQUESTS, Duration.ofDays(7))
                .build();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(settings.file()))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(200)))
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .retention(retention)
                .build();
             // JVM and host metrics, and the Micrometer registry, recorded into the same file every second
             LiteObsRuntime runtime = LiteObsRuntime.builder(obs)
                     .registryConfig(LiteObsRegistryConfig.withStep(Duration.ofSeconds(1)))
                     .host(HostMetricsCollector.builder().interval(Duration.ofSeconds(1)))
                     .build();
             // the dashboard, the JSON API and /metrics while the demo runs, on 127.0.0.1 only
             LiteObsHttpServer http = LiteObsHttpServer.builder(obs).runtime(runtime).port(settings.httpPort())
                     .start();
             AlertingDemo alerting = AlertingDemo.start(obs, System.out)) {
            System.out.println("Dashboard: " + http.url() + "  (Prometheus scrapes " + http.url().resolve("/metrics")
                    + ")");
            new OrderServiceDemo(obs, runtime, System.out).run(settings);
            alerting.resolveAndReport();
        }
    }

    private void run(Settings settings) throws IOException, InterruptedException {
        out.printf("LiteObs demo: %d workers taking orders for %d s into %s%n", settings.workers(),
                settings.seconds(), settings.file().toAbsolutePath());
        obs.metrics().describe("orders.latency", MetricType.TIMER, "ms", "Time to handle one order");
        obs.metrics().describe("orders.value", MetricType.DISTRIBUTION, "EUR", "Value of each paid order");
        recordLastWeeksBacklog();

        Instant started = Instant.now();
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.seconds()).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 1; i <= settings.workers(); i++) {
            String workerId = "order-worker-" + i;
            // the last worker 'hangs' a sixth of the way in: its loop stops marking progress while the process
            // still beats for it, so liveness shows it NOT_PROGRESSING
            long progressUntil = i == settings.workers() && settings.workers() > 1
                    ? System.nanoTime() + Duration.ofSeconds(settings.seconds()).toNanos() / 6 : deadline;
            Thread worker = new Thread(() -> work(workerId, deadline, progressUntil), workerId);
            worker.start();
            workers.add(worker);
        }
        try (OrderApi api = OrderApi.start(obs.http())) {
            out.printf("HTTP API on %s, every request recorded by LiteObsHttpFilter%n", api.address());
            for (int i = 1; i <= API_CLIENTS; i++) {
                Thread client = new Thread(() -> api.sendTrafficUntil(deadline), "api-client-" + i);
                client.start();
                workers.add(client);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        obs.flush(Duration.ofSeconds(5));
        report(TimeRange.between(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Instant.now()));
    }

    /** Points from two days ago, so that the retention run below has something to delete. */
    private void recordLastWeeksBacklog() {
        long twoDaysAgo = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        for (int i = 0; i < 500; i++) {
            obs.metrics().record("orders.latency", 20 + i % 30, "ms", Labels.of("region", "eu-west"),
                    twoDaysAgo + i * 1_000L);
        }
    }

    private void work(String workerId, long deadline, long progressUntil) {
        var heartbeat = obs.heartbeat(workerId);
        heartbeat.start();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int order = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() > progressUntil) {
                hangUntil(deadline);
                break;
            }
            heartbeat.progress();
            String orderId = workerId.substring(workerId.lastIndexOf('-') + 1) + "-" + (++order);
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String user = "user-" + random.nextInt(50);
            long latency = handleOrder(random);
            checkout.record(Duration.ofMillis(latency));
            boolean failed = random.nextInt(20) == 0;
            double value = Math.round(random.nextDouble(5, 250) * 100) / 100.0;

            Labels labels = Labels.of("region", region, "worker", workerId);
            obs.metrics().record("orders.latency", latency, "ms", labels);
            obs.metrics().record("orders.processed", 1, labels);
            obs.audit().logAsync(AuditEntry.builder("orders", "create")
                    .userId(user).requestId("req-" + orderId)
                    .parameters(Map.of("orderId", orderId, "region", region, "value", value))
                    .result(failed ? null : Map.of("status", "paid"))
                    .error(failed ? new IllegalStateException("payment declined for order " + orderId) : null)
                    .duration(Duration.ofMillis(latency))
                    .build());
            obs.events().record(BusinessEvent.builder(failed ? "order.failed" : "order.paid", "order-service")
                    .entity("order", orderId).userId(user).action("checkout")
                    .details(Map.of("value", value, "region", region))
                    .success(!failed)
                    .build());
            if (!failed) {
                obs.metrics().record("orders.value", value, "EUR", Labels.of("region", region));
            }
        }
        // the workers keep beating until close, which records their stop: the report shows them as they ran
    }

    /** A stuck loop: it takes no orders until the deadline, while the heartbeat thread beats on. */
    private static void hangUntil(long deadline) {
        try {
            Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long handleOrder(ThreadLocalRandom random) {
        long latency = random.nextInt(100) < 95 ? random.nextLong(2, 40) : random.nextLong(80, 250);
        try {
            Thread.sleep(latency / 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return latency;
    }

    private void report(TimeRange run) {
        section("Rows per kind");
        obs.store().rowCounts().forEach((kind, rows) -> out.printf("  %-24s %,10d%n", kind, rows));
        out.printf("  %-24s %,10d%n", "metric series", obs.store().seriesCount());

        section("Worker liveness");
        for (WorkerLiveness worker : obs.livenessOfAll()) {
            out.printf("  %-16s %-15s last beat %5.1f s ago, progress %s, %d intervals without%n",
                    worker.workerId(), worker.state(), worker.sinceLastBeat().toMillis() / 1000.0,
                    worker.lastBeat().progressCount(), worker.intervalsWithoutProgress());
        }

        section("orders.latency, average per second (ms)");
        List<SeriesPoint> perSecond = obs.metrics().downsample(DownsampleQuery.builder("orders.latency")
                .range(run).step(Duration.ofSeconds(1)).aggregation(Aggregation.AVG).build());
        for (SeriesPoint point : perSecond) {
            out.printf("  %s  %6.1f ms  %s (%d orders)%n",
                    LocalTime.ofInstant(Instant.ofEpochMilli(point.timestampMillis()), ZoneOffset.UTC),
                    point.value(), "#".repeat((int) Math.round(point.value() / 2)), point.samples());
        }

        section("Slowest audited operations");
        List<AuditEntry> slowest = obs.audit().query(AuditQuery.builder().range(run)
                .orderBy(AuditOrder.DURATION).direction(SortDirection.DESC).limit(5).build());
        for (AuditEntry entry : slowest) {
            out.printf("  %4d ms  %s.%s  %-7s user=%s request=%s%n", entry.durationMillis(), entry.component(),
                    entry.operation(), entry.status(), entry.userId(), entry.requestId());
        }

        section("HTTP requests per route");
        out.printf("  %-6s %-16s %6s %7s %6s %6s %8s %8s %8s %8s%n", "method", "route", "count", "req/s", "4xx",
                "5xx", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (HttpRouteStats route : obs.http().stats(HttpStatsQuery.builder(run).build())) {
            out.printf("  %-6s %-16s %,6d %7.1f %5.1f%% %5.1f%% %8.2f %8.2f %8.2f %8.2f%n", route.method(),
                    route.route(), route.count(), route.requestsPerSecond(), route.clientErrorRate() * 100,
                    route.serverErrorRate() * 100, route.p50Millis(), route.p95Millis(), route.p99Millis(),
                    route.maxMillis());
        }

        section("Slowest HTTP requests");
        for (HttpRequest request : obs.http().query(HttpRequestQuery.builder().range(run)
                .orderBy(HttpRequestOrder.DURATION, SortDirection.DESC).limit(3).build())) {
            out.printf("  %7.2f ms  %s %-16s %d  request=%s%n", request.durationMillis(), request.method(),
                    request.path(), request.status(), request.requestId());
        }

        section("Latest business events");
        for (BusinessEvent event : obs.events().query(EventQuery.builder().limit(5).build())) {
            out.printf("  %s  %-13s %s %-8s %s%n", event.timestamp(), event.eventType(), event.entityType(),
                    event.entityId(), event.detailsJson());
        }

        section("Retention run");
        RetentionResult retention = obs.retention().run();
        retention.deleted().forEach((kind, rows) -> out.printf("  %-13s %,8d rows deleted%n", kind, rows));
        out.printf("  took %d ms%n", retention.took().toMillis());

        section("Runtime and host metrics");
        for (String name : new String[] {"jvm.memory.used", "jvm.threads.live", "jvm.gc.overhead",
                "process.cpu.usage", "orders.checkout.percentile", "host.cpu.utilization", "host.memory.available",
                "host.disk.utilization", "host.network.received.bytes"}) {
            var series = obs.metrics().metadata(name);
            out.printf("  %-30s %3d series  %-8s %s%n", name, series.size(),
                    series.isEmpty() ? "" : series.get(0).type().storedName(),
                    series.isEmpty() || series.get(0).unit() == null ? "" : series.get(0).unit());
        }
        if (!runtime.hostScheduled()) {
            out.println("  host metrics: " + runtime.host().unavailableReason());
        }

        section("Health");
        HealthReport health = runtime.health();
        out.println(health.toText().indent(2).stripTrailing());
        Resource worst = !health.resourcesToExplain().isEmpty() ? health.resourcesToExplain().get(0)
                : runtime.hostScheduled() ? Resource.CPU : Resource.JVM;
        Explanation explanation = runtime.explain(worst);
        out.println(("explain " + explanation.toText()).indent(2).stripTrailing());

        section("Recorder counters");
        out.printf("  %-24s %9s %9s %8s %8s %7s %7s%n", "component", "offered", "persisted", "dropped", "rejected",
                "failed", "queued");
        for (RecorderStats stats : obs.stats()) {
            out.printf("  %-24s %,9d %,9d %,8d %,8d %,7d %,7d%n", stats.component(), stats.offered(),
                    stats.persisted(), stats.dropped(), stats.rejected(), stats.failed(), stats.queued());
        }
        out.println();
        out.println("Open the file with any SQLite tool, for example: sqlite3 liteobs-demo.db '.tables'");
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private static void deleteDatabase(Path file) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-reserve"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    /** The demo's command-line arguments. */
    record Settings(int seconds, Path file, int workers, int httpPort) {

        static Settings parse(String[] args) {
            int seconds = 10;
            Path file = Path.of("liteobs-demo.db");
            int workers = 4;
            int httpPort = LiteObsHttpServer.DEFAULT_PORT;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                    case "--file" -> file = Path.of(args[i + 1]);
                    case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                    case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; use --seconds N, --file PATH, --workers N, --http-port N (0 for any free port)");
                }
            }
            if (seconds < 1 || workers < 1) {
                throw new IllegalArgumentException("--seconds and --workers must be at least 1");
            }
            return new Settings(seconds, file, workers, httpPort);
        }
    }
}
