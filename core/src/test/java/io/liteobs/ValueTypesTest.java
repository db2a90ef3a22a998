package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The options, queries and small values: defaults, copies, and fail-fast messages naming the parameter. */
class ValueTypesTest {

    private static void assertRejectedNaming(String parameter, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
    }

    @Test
    void timeRange_isHalfOpen_andMustMoveForward() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        TimeRange lastHour = TimeRange.last(Duration.ofHours(1), now);
        assertEquals(now.minusSeconds(3600).toEpochMilli(), lastHour.fromMillis());
        assertEquals(now.toEpochMilli() + 1, lastHour.toMillis());
        assertRejectedNaming("'to'", () -> TimeRange.between(now, now));
        assertRejectedNaming("'to'", () -> TimeRange.between(now, now.minusMillis(1)));
    }

    @Test
    void timeRangeLast_withoutANow_endsAtTheSystemClocksMoment() {
        Instant before = Instant.now();
        TimeRange lastHour = TimeRange.last(Duration.ofHours(1));
        Instant after = Instant.now();
        assertTrue(!lastHour.to().isBefore(before.plusMillis(1)) && !lastHour.to().isAfter(after.plusMillis(1)),
                lastHour.toString());
        assertEquals(Duration.ofHours(1).plusMillis(1), Duration.between(lastHour.from(), lastHour.to()));
    }

    @Test
    void queries_haveDocumentedDefaults_andRejectOutOfRangeValues() {
        AuditQuery audit = AuditQuery.builder().build();
        assertEquals(Page.DEFAULT, audit.page());
        assertEquals(AuditOrder.TIME, audit.orderBy());
        assertEquals(SortDirection.DESC, audit.direction());
        assertEquals(TimeRange.ALL, audit.range());
        assertRejectedNaming("limit", () -> AuditQuery.builder().limit(0).build());
        assertRejectedNaming("limit", () -> AuditQuery.builder().limit(Page.MAX_LIMIT + 1).build());
        assertEquals(new Page(Page.MAX_LIMIT, 7), AuditQuery.builder().limit(Page.MAX_LIMIT).offset(7).build().page());
        assertRejectedNaming("offset", () -> EventQuery.builder().offset(-1).build());
        assertEquals(Page.DEFAULT, EventQuery.builder().build().page());
        assertEquals(new Page(10, 20), EventQuery.builder().limit(10).offset(20).build().page());
        assertEquals(Page.DEFAULT_LIMIT, Page.DEFAULT.limit());
        assertEquals(0, Page.DEFAULT.offset());
        assertRejectedNaming("limit", () -> MetricQuery.builder("m").limit(0).build());
        assertRejectedNaming("name", () -> MetricQuery.builder(" ").build());
        MetricQuery points = MetricQuery.builder("m").build();
        assertEquals(new SeriesSelector("m", Labels.empty(), TimeRange.ALL), points.series());
        assertEquals(MetricQuery.DEFAULT_LIMIT, points.limit());
    }

    @Test
    void downsampleQuery_needsARange_andBoundsTheBuckets() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertRejectedNaming("range", () -> DownsampleQuery.builder("m").build());
        TimeRange day = TimeRange.last(Duration.ofDays(1), now);
        DownsampleQuery query = DownsampleQuery.builder("m").labels(Labels.of("region", "eu")).range(day).build();
        assertEquals(new SeriesSelector("m", Labels.of("region", "eu"), day), query.series());
        assertEquals(Duration.ofMinutes(1), query.step());
        assertEquals(Aggregation.AVG, query.aggregation());
        assertEquals(60_000, query.stepMillis());
        assertRejectedNaming("buckets", () -> DownsampleQuery.builder("m").range(day)
                .step(Duration.ofMillis(100)).build());
        assertRejectedNaming("step", () -> DownsampleQuery.builder("m").range(day).step(Duration.ZERO).build());
        assertRejectedNaming("step", () -> DownsampleQuery.builder("m").range(day).step(Duration.ofNanos(10)).build());
    }

    @Test
    void recorderAndWriterOptions_validateAndCopy() {
        RecorderOptions options = RecorderOptions.of(1024, OverflowPolicy.BLOCK).withMaxWait(Duration.ofMillis(5));
        assertEquals(new RecorderOptions(1024, OverflowPolicy.BLOCK, Duration.ofMillis(5)), options);
        assertRejectedNaming("queueCapacity", () -> RecorderOptions.of(1, OverflowPolicy.DROP));
        assertRejectedNaming("maxWait", () -> options.withMaxWait(Duration.ofMillis(-1)));

        WriterOptions writer = WriterOptions.DEFAULT.withBatchSize(10).withFlushInterval(Duration.ofMillis(3))
                .withDrainTimeout(Duration.ZERO);
        assertEquals(new WriterOptions(10, WriterOptions.DEFAULT_MAX_BATCH_SIZE, Duration.ofMillis(3), Duration.ZERO),
                writer);
        assertEquals(new WriterOptions(5, 5, Duration.ofMillis(3), Duration.ZERO), writer.withMaxBatchSize(5));
        assertEquals(200_000, writer.withBatchSize(200_000).maxBatchSize());
        assertRejectedNaming("batchSize", () -> WriterOptions.DEFAULT.withBatchSize(0));
        assertRejectedNaming("batchSize", () -> new WriterOptions(10, 5, Duration.ofSeconds(1), Duration.ZERO));
        assertRejectedNaming("flushInterval", () -> WriterOptions.DEFAULT.withFlushInterval(Duration.ZERO));
    }

    @Test
    void builders_rejectContradictions_namingTheParameter() {
        FaultInjectingStore store = new FaultInjectingStore();
        assertRejectedNaming("maxSeriesTotal", () -> LiteObs.builder(store).maxSeries(10, 5));
        assertRejectedNaming("maxSeriesPerMetric", () -> MetricsManager.builder(store).maxSeries(0, 5));
        assertRejectedNaming("heartbeatInterval", () -> LiteObs.builder(store).heartbeatInterval(Duration.ZERO));
        assertRejectedNaming("retentionEvery", () -> LiteObs.builder(store).retentionEvery(Duration.ofSeconds(-1)));
    }

    @Test
    void metricType_roundTripsThroughItsStoredName() {
        for (MetricType type : MetricType.values()) {
            assertEquals(type, MetricType.fromStoredName(type.storedName()));
        }
        assertEquals("timer", MetricType.TIMER.storedName());
    }

    @Test
    void labels_asMap_isSortedAndUnmodifiable() {
        Map<String, String> map = Labels.of("b", "2", "a", "1").asMap();
        assertEquals("[a, b]", map.keySet().toString());
        assertThrows(UnsupportedOperationException.class, () -> map.put("c", "3"));
    }

    @Test
    void retentionResult_sumsItsKinds() {
        RetentionResult result = new RetentionResult(Instant.EPOCH, Duration.ZERO,
                Map.of(DataKind.AUDIT, 2L, DataKind.METRICS, 3L), true);
        assertEquals(5, result.totalDeleted());
        assertThrows(UnsupportedOperationException.class, () -> result.deleted().put(DataKind.EVENTS, 1L));
    }
}
