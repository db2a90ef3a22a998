package io.liteobs.http;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricType;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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
        if (!obs.flush(Duration.ofSeconds(10))) {
            throw new IllegalStateException("the sample data was not written within 10 s");
        }
    }
}
