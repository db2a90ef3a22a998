package io.liteobs.store.tck;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.SystemAlert;
import io.liteobs.spi.WriteBatch;
import java.time.Instant;
import java.util.List;

/**
 * Entries and batches at fixed instants, so that no test depends on the clock: for the kit's tests, and for a
 * store's own tests of what only that store does.
 */
public final class Entries {

    /** An arbitrary recent instant in epoch milliseconds. */
    public static final long T0 = 1_760_000_000_000L;
    /** A minute in milliseconds. */
    public static final long MINUTE = 60_000;
    /** An hour in milliseconds. */
    public static final long HOUR = 60 * MINUTE;
    /** A day in milliseconds. */
    public static final long DAY = 24 * HOUR;

    /** Values that would break a query built by concatenating SQL, or match too much as a LIKE pattern. */
    public static final List<String> INJECTIONS = List.of("x' OR '1'='1", "'; DROP TABLE audit_log; --",
            "\" OR \"\"=\"", "%' OR 1=1 --", "') UNION SELECT * FROM _observability_metadata --", "%", "_",
            "orders%", "order_", "ORDERS", "*", ".*", "$.region", "{}");

    private Entries() {
    }

    /**
     * An audit entry of {@code cancel} in {@code orders}, ready to build or to complete.
     *
     * @param id the entry's id
     * @param timestampMillis when it happened, epoch milliseconds
     * @return a builder of the entry
     */
    public static AuditEntry.Builder audit(String id, long timestampMillis) {
        return AuditEntry.builder("orders", "cancel").id(id).timestamp(Instant.ofEpochMilli(timestampMillis));
    }

    /**
     * An {@code order.created} event of {@code checkout}, ready to build or to complete.
     *
     * @param id the event's id
     * @param timestampMillis when it happened, epoch milliseconds
     * @return a builder of the event
     */
    public static BusinessEvent.Builder event(String id, long timestampMillis) {
        return BusinessEvent.builder("order.created", "checkout").id(id)
                .timestamp(Instant.ofEpochMilli(timestampMillis));
    }

    /**
     * A beat of a worker with fixed runtime figures and a 60-second interval, that marks no progress.
     *
     * @param workerId the worker
     * @param timestampMillis when it beat, epoch milliseconds
     * @return the beat
     */
    public static Heartbeat heartbeat(String workerId, long timestampMillis) {
        return new Heartbeat(workerId, "host-1", 4242, timestampMillis, 10_000, 31, 1_000_000, 2_000_000,
                4_000_000, 500_000, 12, 340, 0.25, 60_000);
    }

    /**
     * A beat of a worker that marks progress: its count of 17 was first seen at {@code progressAtMillis}.
     *
     * @param workerId the worker
     * @param timestampMillis when it beat, epoch milliseconds
     * @param progressAtMillis when the progress count was first seen, epoch milliseconds
     * @param stopped whether it is the last beat of a graceful stop
     * @return a beat of a worker that marks progress
     */
    public static Heartbeat progressHeartbeat(String workerId, long timestampMillis, long progressAtMillis,
                                              boolean stopped) {
        return new Heartbeat(workerId, "host-1", 4242, timestampMillis, 10_000, 31, 1_000_000, 2_000_000,
                4_000_000, 500_000, 12, 340, 0.25, 60_000, 17L, progressAtMillis, stopped);
    }

    /**
     * A point in milliseconds.
     *
     * @param name the metric name
     * @param value the value
     * @param timestampMillis when it was observed, epoch milliseconds
     * @param labels alternating label keys and values
     * @return the point
     */
    public static MetricPoint point(String name, double value, long timestampMillis, String... labels) {
        return new MetricPoint(name, value, "ms", Labels.of(labels), timestampMillis);
    }

    /**
     * A warning about dropped audit entries, as the library raises it about itself.
     *
     * @param id the alert's id
     * @param timestampMillis when it was raised, epoch milliseconds
     * @return the alert
     */
    public static SystemAlert alert(String id, long timestampMillis) {
        return new SystemAlert(id, timestampMillis, SystemAlert.SEVERITY_WARNING, "liteobs.audit",
                "audit entries were dropped", "{\"dropped\":3}");
    }

    /**
     * A request with its route as its path, answered in {@code durationMicros} microseconds, and no optional part.
     *
     * @param method the HTTP method
     * @param route the route, also used as the path
     * @param status the HTTP status code
     * @param durationMicros how long it took, in microseconds
     * @param timestampMillis when it started, epoch milliseconds
     * @return a request with its route as its path, answered in {@code durationMicros} microseconds, and no optional
     *     part
     */
    public static HttpRequest httpRequest(String method, String route, int status, long durationMicros,
                                          long timestampMillis) {
        return new HttpRequest(timestampMillis, method, route, route, status, durationMicros * 1_000, null, null,
                null, null, null, null, null, null, null);
    }

    /**
     * A batch holding the given entries, each sorted into its list by type.
     *
     * @param entries audit entries, events, beats, points, alerts and requests, in any mix
     * @return a batch holding the given entries, each sorted into its list by type
     */
    public static WriteBatch batch(Object... entries) {
        return batchOf(List.of(entries));
    }

    /**
     * A batch holding the given entries, each sorted into its list by type.
     *
     * @param entries audit entries, events, beats, points, alerts and requests, in any mix
     * @return the batch
     * @throws IllegalArgumentException for an entry of another type
     */
    public static WriteBatch batchOf(List<?> entries) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        for (Object entry : entries) {
            if (entry instanceof AuditEntry audit) {
                buffer.audit().add(audit);
            } else if (entry instanceof BusinessEvent event) {
                buffer.events().add(event);
            } else if (entry instanceof Heartbeat heartbeat) {
                buffer.heartbeats().add(heartbeat);
            } else if (entry instanceof MetricPoint point) {
                buffer.metrics().add(point);
            } else if (entry instanceof MetricDescription description) {
                buffer.descriptions().add(description);
            } else if (entry instanceof SystemAlert alert) {
                buffer.alerts().add(alert);
            } else if (entry instanceof HttpRequest request) {
                buffer.httpRequests().add(request);
            } else {
                throw new IllegalArgumentException("not an entry: " + entry);
            }
        }
        return buffer.batch();
    }
}
