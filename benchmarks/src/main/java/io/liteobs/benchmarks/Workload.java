package io.liteobs.benchmarks;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The rows every benchmark writes, the same for the library and for the raw-insert ceiling. */
final class Workload {

    static final String METRIC = "http.server.requests.latency";
    static final String UNIT = "ms";
    static final long START_MILLIS = 1_790_000_000_000L;
    static final int POINTS_PER_MILLISECOND = 1_000;

    private Workload() {
    }

    /** Label sets of {@code count} series: 10 services x 10 endpoints x 10 instances for 1,000. */
    static Labels[] series(int count) {
        Labels[] series = new Labels[count];
        for (int i = 0; i < count; i++) {
            series[i] = Labels.of("service", "svc-" + (i % 10), "endpoint", "/api/v1/resource-" + (i / 10 % 10),
                    "instance", "i-" + (i / 100));
        }
        return series;
    }

    /** A plausible latency value for point {@code i}: two decimals, so it does not compress to an integer. */
    static double value(long i) {
        return 5 + (i * 7919 % 20_000) / 100.0;
    }

    /** Point {@code i}'s timestamp: a thousand points a millisecond, in time order. */
    static long timestamp(long i) {
        return START_MILLIS + i / POINTS_PER_MILLISECOND;
    }

    /** An audit entry of about 300 bytes stored, stamped so that library and raw inserts write the same row. */
    static AuditEntry audit(long i, IdGenerator ids) {
        long timestamp = timestamp(i);
        return AuditEntry.builder("orders", i % 5 == 0 ? "cancel" : "create")
                .id(ids.nextId(timestamp))
                .timestamp(Instant.ofEpochMilli(timestamp))
                .userId("user-" + (i % 5_000))
                .sessionId("sess-" + Long.toHexString(i * 2_654_435_761L))
                .requestId("req-" + i)
                .parametersJson("{\"orderId\":\"o-" + i + "\",\"sku\":\"SKU-" + (i % 977)
                        + "\",\"quantity\":" + (1 + i % 4) + ",\"currency\":\"EUR\"}")
                .resultJson("{\"status\":\"accepted\",\"total\":" + value(i) + "}")
                .duration(Duration.ofMillis(1 + i % 250))
                .build();
    }

    /** A business event, stamped. */
    static BusinessEvent event(long i, IdGenerator ids) {
        long timestamp = timestamp(i);
        return BusinessEvent.builder(i % 3 == 0 ? "order.paid" : "order.created", "checkout")
                .id(ids.nextId(timestamp))
                .timestamp(Instant.ofEpochMilli(timestamp))
                .entity("order", "o-" + i)
                .userId("user-" + (i % 5_000))
                .action("checkout")
                .details(Map.of("total", value(i), "currency", "EUR"))
                .build();
    }
}
