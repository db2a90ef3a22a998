package io.liteobs.benchmarks;

import io.liteobs.AlertRecord;
import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricType;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Makes the screenshot of the dashboard that the docs show ({@code docs/images/dashboard.png}): an hour of a small
 * order service's data — latency, orders and queue depth per region, three workers (one of them stale), HTTP
 * routes with some errors, audit entries and events, a critical alert open and a warning resolved — recorded
 * through a {@link LiteObs} into a temporary file, served with the health score, and shot in headless Chromium.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.DashboardScreenshot [docs/images/dashboard.png]
 * </pre>
 *
 * <p>Run it from the repository's root after changing the page. Needs Debian's {@code chromium} and
 * {@code chromium-driver}.
 */
public final class DashboardScreenshot {

    private static final int WIDTH = 1280;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long STEP_MILLIS = 10_000;
    private static final List<String> REGIONS = List.of("eu-west", "us-east");

    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/images/dashboard.png").toAbsolutePath();
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP);
             LiteObs obs = LiteObs.builder(SqliteStore.open(files.newFile("dashboard", false))).build();
             LiteObsRuntime runtime = LiteObsRuntime.start(obs)) {
            long now = System.currentTimeMillis();
            record(obs, now);
            if (!obs.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the data was not written within 30 s");
            }
            try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).runtime(runtime).port(0).start();
                 HeadlessChromium chromium = HeadlessChromium.start(WIDTH, 900)) {
                chromium.open(server.url().resolve("#range=1h&metrics=orders.latency,orders.placed,queue.depth,"
                        + "payments.amount"));
                chromium.await("performance.getEntriesByName('liteobs-shown').length", Duration.ofMinutes(1));
                int height = chromium.script("return document.documentElement.scrollHeight;").asInt();
                chromium.resizeViewport(WIDTH, height);
                chromium.await("window.innerHeight >= " + height, Duration.ofSeconds(10));
                Files.write(target, chromium.screenshot());
                System.out.println("dashboard shot at " + WIDTH + " x " + height + ": " + target);
            }
        }
    }

    private static void record(LiteObs obs, long now) {
        obs.metrics().describe("orders.latency", MetricType.TIMER, "ms", "Time to handle one order");
        obs.metrics().describe("orders.placed", MetricType.COUNTER, null, "Orders placed in each step");
        obs.metrics().describe("payments.amount", MetricType.GAUGE, "EUR", "Amount charged in each step");
        long start = now - HOUR.toMillis();
        for (long at = start; at <= now; at += STEP_MILLIS) {
            double minute = (at - start) / 60_000.0;
            double busy = 1 + 0.5 * Math.sin(minute / 9); // a slow swell of traffic over the hour
            for (int region = 0; region < REGIONS.size(); region++) {
                Labels labels = Labels.of("region", REGIONS.get(region));
                double spike = minute > 38 && minute < 44 && region == 0 ? 180 : 0; // the alert's cause
                obs.metrics().record("orders.latency", 40 + 25 * region + 30 * busy + spike + wobble(at, 5),
                        "ms", labels, at);
                obs.metrics().record("orders.placed", Math.round(20 * busy + wobble(at + region, 6)), null, labels,
                        at);
                obs.metrics().record("payments.amount", 900 * busy + wobble(at, 150), "EUR", labels, at);
            }
            obs.metrics().record("queue.depth", Math.max(0, Math.round(12 * busy - 6 + wobble(at, 2))), null,
                    Labels.empty(), at);
        }
        recordWorkers(obs, now);
        recordRequests(obs, now);
        recordAuditAndEvents(obs, now);
        recordAlerts(obs, now);
    }

    /** A deterministic wobble of up to {@code amplitude} either way, so that the charts look measured. */
    private static double wobble(long seed, double amplitude) {
        long hash = (seed + 1) * 0x9E3779B97F4A7C15L;
        return amplitude * ((hash >>> 11) / (double) (1L << 53) * 2 - 1);
    }

    /** Two workers beating now, and one whose last beat is six minutes old. */
    private static void recordWorkers(LiteObs obs, long now) {
        obs.heartbeat("order-worker-1").beat();
        obs.heartbeat("order-worker-2").beat();
        WriteBatch.Buffer stale = WriteBatch.buffer();
        stale.heartbeats().add(new Heartbeat("invoice-worker", "app-2", 4_211, now - 360_000, 30_000, 31,
                180L << 20, 256L << 20, 1L << 30, 70L << 20, 410, 1_900, 0.12, 86_400_000));
        obs.store().write(stale.batch());
    }

    private static void recordRequests(LiteObs obs, long now) {
        String[][] routes = {{"GET", "/orders/{id}"}, {"POST", "/orders"}, {"GET", "/orders"},
            {"POST", "/payments"}, {"GET", "/health"}};
        for (int i = 0; i < 3_000; i++) {
            String[] route = routes[i % 7 < 3 ? 0 : i % 7 - 2];
            long hash = (i + 1) * 0x9E3779B97F4A7C15L;
            int status = route[1].equals("/payments") && i % 40 == 3 ? 502 : i % 23 == 0 ? 404 : 200;
            long millis = 4 + Math.floorMod(hash >>> 20, 60L) + (i % 97 == 0 ? 700 : 0);
            obs.http().record(HttpRequest.builder(route[0], route[1].replace("{id}", String.valueOf(1_000 + i)))
                    .route(route[1]).status(status).duration(Duration.ofMillis(millis))
                    .startedAt(Instant.ofEpochMilli(now - HOUR.toMillis() + i * HOUR.toMillis() / 3_000))
                    .requestId("req-" + i).build());
        }
    }

    private static void recordAuditAndEvents(LiteObs obs, long now) {
        String[] users = {"alice", "bob", "carol", "dave"};
        for (int i = 0; i < 24; i++) {
            boolean failed = i % 9 == 4;
            AuditEntry.Builder entry = AuditEntry.builder(i % 3 == 0 ? "payments" : "orders",
                            i % 3 == 0 ? "charge" : i % 2 == 0 ? "create" : "cancel")
                    .userId(users[i % users.length]).timestamp(Instant.ofEpochMilli(now - i * 95_000L))
                    .duration(Duration.ofMillis(12 + i * 7 % 40));
            if (failed) {
                entry.status(AuditEntry.STATUS_ERROR).errorMessage("card declined by the issuer");
            }
            obs.audit().log(entry.build());
            obs.events().record(BusinessEvent.builder(failed ? "payment.failed" : "order.placed", "order-service")
                    .entity("order", "o-" + (5_100 - i)).userId(users[i % users.length]).success(!failed)
                    .timestamp(Instant.ofEpochMilli(now - i * 95_000L + 400)).build());
        }
    }

    /** As the alert evaluator writes them: the latency alert open, a queue warning resolved twenty minutes ago. */
    private static void recordAlerts(LiteObs obs, long now) {
        AlertRecord open = new AlertRecord("alert-latency", now - 15 * 60_000, "critical", "orders.latency",
                "p95 latency 262 ms over 200 ms for 5 minutes", null, null, "latency-high", "region=eu-west",
                Labels.of("region", "eu-west"), 262.0, now, 30);
        AlertRecord resolved = new AlertRecord("alert-queue", now - 45 * 60_000, "warning", "queue.depth",
                "queue depth 19 over 15", null, now - 20 * 60_000, "queue-deep", "", Labels.empty(), 19.0,
                now - 20 * 60_000, 150);
        if (!obs.store().commitAlertEvaluations(List.of(new AlertEvaluation("latency-high", now, null, List.of(),
                List.of(), List.of(open, resolved))))) {
            throw new IllegalStateException("the alerts were not written");
        }
    }
}
