package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every value type's {@code Instant} and {@code Duration} views say what its millisecond components say, and a view
 * of an absent component is absent (null) too.
 */
class TimeViewsTest {

    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123Z");
    private static final long T_MILLIS = T.toEpochMilli();

    @Test
    void auditEntry_timestampAndDuration() {
        AuditEntry timed = AuditEntry.builder("orders", "cancel").timestamp(T).duration(Duration.ofMillis(42)).build();
        assertEquals(T, timed.timestamp());
        assertEquals(Duration.ofMillis(timed.durationMillis()), timed.duration());

        AuditEntry untimed = AuditEntry.builder("orders", "cancel").timestamp(T).build();
        assertNull(untimed.durationMillis());
        assertNull(untimed.duration());
    }

    @Test
    void businessEvent_timestamp() {
        BusinessEvent event = BusinessEvent.builder("order.created", "checkout").timestamp(T).build();
        assertEquals(T_MILLIS, event.timestampMillis());
        assertEquals(T, event.timestamp());
    }

    @Test
    void metricPoint_timestamp() {
        MetricPoint point = new MetricPoint("orders.latency", 12.5, "ms", Labels.empty(), T_MILLIS);
        assertEquals(T, point.timestamp());
    }

    @Test
    void seriesPoint_timestamp() {
        assertEquals(T, new SeriesPoint(T_MILLIS, 3.0, 4).timestamp());
    }

    @Test
    void latestValue_timestampAndItsSeries_firstAndLastSeen() {
        MetricMetadata series = new MetricMetadata(7, "orders.latency", Labels.of("region", "eu"), MetricType.GAUGE,
                "ms", null, T_MILLIS - 60_000, T_MILLIS);
        LatestValue latest = new LatestValue(series, 12.5, T_MILLIS);
        assertEquals(T, latest.timestamp());
        assertEquals(T.minusSeconds(60), series.firstSeen());
        assertEquals(T, series.lastSeen());
    }

    @Test
    void heartbeat_timestampIntervalGcTimeUptimeAndProgress() {
        Heartbeat beat = new Heartbeat("worker-1", "host-1", 4242, T_MILLIS, 10_000, 31, 1_000, 2_000, 4_000, 500,
                12, 340, 0.25, 60_000, 17L, T_MILLIS - 5_000, false);
        assertEquals(T, beat.timestamp());
        assertEquals(Duration.ofSeconds(10), beat.interval());
        assertEquals(Duration.ofMillis(340), beat.gcTime());
        assertEquals(Duration.ofMinutes(1), beat.uptime());
        assertEquals(T.minusSeconds(5), beat.progressAt());

        Heartbeat processOnly = new Heartbeat("worker-1", "host-1", 4242, T_MILLIS, 10_000, 31, 1_000, 2_000, 4_000,
                500, 12, 340, 0.25, 60_000);
        assertNull(processOnly.progressAtMillis());
        assertNull(processOnly.progressAt());
    }

    @Test
    void systemAlert_timestamp() {
        SystemAlert alert = new SystemAlert("a-1", T_MILLIS, SystemAlert.SEVERITY_WARNING, "liteobs.audit",
                "audit entries were dropped", null);
        assertEquals(T, alert.timestamp());
    }

    @Test
    void alertRecord_openedResolvedAndUpdated() {
        SystemAlert raised = new SystemAlert("a-1", T_MILLIS, SystemAlert.SEVERITY_WARNING, "liteobs.audit",
                "audit entries were dropped", null);
        AlertRecord open = AlertRecord.of(raised);
        assertEquals(T, open.openedAt());
        assertEquals(Instant.ofEpochMilli(open.updatedAtMillis()), open.updatedAt());
        assertNull(open.resolvedAtMillis());
        assertNull(open.resolvedAt());

        AlertRecord resolved = open.resolvedAt(T_MILLIS + 1_000, 0.0);
        assertEquals(T.plusSeconds(1), resolved.resolvedAt());
        assertEquals(T.plusSeconds(1), resolved.updatedAt());
    }

    @Test
    void notificationAttempt_timestamp() {
        NotificationAttempt attempt = new NotificationAttempt("n-1", "rule-1", List.of("a-1"), "firing",
                "https://hooks.example.com/alerts", 1, T_MILLIS, NotificationAttempt.Outcome.DELIVERED, 200, null,
                false);
        assertEquals(T, attempt.timestamp());
    }

    @Test
    void httpRequest_timestampStartedAtAndDuration() {
        HttpRequest request = HttpRequest.builder("GET", "/orders/1").status(200).startedAt(T)
                .duration(Duration.ofNanos(1_234_567)).build();
        assertEquals(T, request.timestamp());
        assertEquals(request.timestamp(), request.startedAt());
        assertEquals(Duration.ofNanos(request.durationNanos()), request.duration());
    }

    @Test
    void httpRouteStats_startAndLatencies_toTheNanosecond() {
        HttpRouteStats stats = new HttpRouteStats("GET", "/orders/{id}", T_MILLIS, 10, 0.5, 0.1, 0.0, 1.5, 2.25,
                3.000_001, 4.0, 12.0);
        assertEquals(T, stats.start());
        assertEquals(Duration.ofNanos(1_500_000), stats.p50());
        assertEquals(Duration.ofNanos(2_250_000), stats.p90());
        assertEquals(Duration.ofNanos(3_000_001), stats.p95());
        assertEquals(Duration.ofMillis(4), stats.p99());
        assertEquals(Duration.ofMillis(12), stats.max());
    }

    @Test
    void workerLiveness_judgedAtAnInstant_agreesWithTheMillis() {
        Heartbeat beat = new Heartbeat("worker-1", "host-1", 4242, T_MILLIS, 10_000, 31, 1_000, 2_000, 4_000, 500,
                12, 340, 0.25, 60_000);
        Instant now = T.plusSeconds(45);
        WorkerLiveness atInstant = WorkerLiveness.judge(beat, null, now);
        assertEquals(WorkerLiveness.judge(beat, null, now.toEpochMilli()), atInstant);
        assertEquals(T, atInstant.lastBeatAt());
        assertEquals(Duration.ofSeconds(45), atInstant.sinceLastBeat());
    }

    @Test
    void alertStates_evaluatedPendingFiringHeldNotified() {
        AlertInstanceState firing = new AlertInstanceState("rule-1", "rule-1{}", Labels.empty(), T_MILLIS - 3_000,
                T_MILLIS - 2_000, T_MILLIS - 1_000, T_MILLIS, "a-1");
        assertEquals(T.minusSeconds(3), firing.pendingSince());
        assertEquals(T.minusSeconds(2), firing.firingSince());
        assertEquals(T.minusSeconds(1), firing.lastHeld());
        assertEquals(T, firing.lastNotified());

        AlertInstanceState quiet = new AlertInstanceState("rule-1", "rule-1{}", Labels.empty(), null, null, null,
                null, null);
        assertNull(quiet.pendingSince());
        assertNull(quiet.firingSince());
        assertNull(quiet.lastHeld());
        assertNull(quiet.lastNotified());

        assertEquals(T, new AlertRuleState("rule-1", T_MILLIS, List.of(firing)).lastEvaluated());
        assertNull(new AlertRuleState("rule-1", null, List.of()).lastEvaluated());
        assertEquals(T, new AlertEvaluation("rule-1", T_MILLIS, null, List.of(), List.of(), List.of()).evaluatedAt());
    }
}
