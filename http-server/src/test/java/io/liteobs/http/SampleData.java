package io.liteobs.http;

import io.liteobs.AlertRecord;
import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.HttpRequest;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricType;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A LiteObs over a real SQLite file in a test's folder, with a little of every kind of data in it. */
final class SampleData {

    /** Audit text that would run in a page that put stored text in as markup. */
    static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    private SampleData() {
    }

    static LiteObs openLiteObs(Path dir) {
        return LiteObs.builder(SqliteStore.open(dir.resolve("served.db"))).build();
    }

    /** Records the sample data and waits until it is written. */
    static void record(LiteObs obs) {
        Instant now = Instant.now();
        obs.metrics().describe("orders.latency", MetricType.TIMER, "ms", "Time to handle one order");
        for (int i = 0; i < 60; i++) {
            Instant at = now.minusSeconds(60 - i);
            obs.metrics().record("orders.latency", 20 + i, "ms", Labels.of("region", "eu-west"), at.toEpochMilli());
            obs.metrics().record("orders.latency", 40 + i, "ms", Labels.of("region", "us-east"), at.toEpochMilli());
            obs.metrics().record("queue.depth", i % 7, null, Labels.empty(), at.toEpochMilli());
        }
        obs.metrics().record("orders.latency", 250, "ms", Labels.of("region", "eu-west"), now.toEpochMilli());
        for (int i = 0; i < 5; i++) {
            obs.audit().log(AuditEntry.builder("orders", "create").userId("alice").timestamp(now.minusSeconds(i))
                    .duration(Duration.ofMillis(10 + i)).build());
        }
        obs.audit().log(AuditEntry.builder("payments", "charge").status(AuditEntry.STATUS_ERROR).userId("bob")
                .errorMessage("card declined").timestamp(now.minusSeconds(30)).build());
        obs.audit().log(AuditEntry.builder("hostile", HOSTILE).userId(HOSTILE).errorMessage(HOSTILE)
                .timestamp(now.minusSeconds(1)).build());
        obs.events().record(BusinessEvent.builder("order.paid", "order-service").entity("order", "o-1")
                .userId("alice").build());
        obs.events().record(BusinessEvent.builder("order.failed", "order-service").entity("order", "o-2")
                .success(false).build());
        obs.heartbeat("worker-1").beat();
        for (int i = 0; i < 4; i++) {
            obs.http().record(HttpRequest.builder("GET", "/orders/" + i).route("/orders/{id}").status(200)
                    .duration(Duration.ofMillis(10 + i)).requestId("r-" + i).startedAt(now.minusSeconds(i)).build());
        }
        obs.http().record(HttpRequest.builder("POST", "/orders").route("/orders").status(503)
                .duration(Duration.ofMillis(900)).requestId("r-slow").startedAt(now.minusSeconds(5)).build());
        obs.http().record(HttpRequest.builder("GET", "/x").route(HOSTILE).status(404)
                .duration(Duration.ofMillis(2)).startedAt(now.minusSeconds(6)).build());
        recordAlerts(obs, now.toEpochMilli());
        if (!obs.flush(Duration.ofSeconds(10))) {
            throw new IllegalStateException("the sample data was not written within 10 s");
        }
    }

    /** Two alerts of one rule, as the alert evaluator writes them: a critical one open, a warning resolved. */
    private static void recordAlerts(LiteObs obs, long nowMillis) {
        AlertRecord open = new AlertRecord("alert-1", nowMillis - 60_000, "critical", "orders.latency",
                "latency over 200 ms", null, null, "latency-high", "region=eu-west", Labels.of("region", "eu-west"),
                250.0, nowMillis, 3);
        AlertRecord resolved = new AlertRecord("alert-2", nowMillis - 600_000, "warning", "queue.depth", HOSTILE,
                null, nowMillis - 300_000, "queue-deep", "", Labels.empty(), null, nowMillis - 300_000, 5);
        if (!obs.store().commitAlertEvaluations(List.of(new AlertEvaluation("latency-high", nowMillis, null,
                List.of(), List.of(), List.of(open, resolved))))) {
            throw new IllegalStateException("the sample alerts were not written");
        }
    }
}
