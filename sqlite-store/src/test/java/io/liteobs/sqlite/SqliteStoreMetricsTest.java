package io.liteobs.sqlite;

import io.liteobs.DataKind;
import static io.liteobs.sqlite.TestData.INJECTIONS;
import static io.liteobs.sqlite.TestData.T0;
import static io.liteobs.sqlite.TestData.batch;
import static io.liteobs.sqlite.TestData.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.MetricDescription;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteStoreMetricsTest {

    private static final long MINUTE = 60_000;
    private static final TimeRange THREE_MINUTES =
            TimeRange.between(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 3 * MINUTE));

    @TempDir
    Path dir;
    private Path file;
    private SqliteStore store;

    @BeforeEach
    void open() {
        file = dir.resolve("obs.db");
        store = SqliteStore.open(file);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<MetricPoint> points(String name, Labels labels) {
        return store.findMetricPoints(MetricQuery.builder(name).labels(labels).build());
    }

    @Test
    void points_comeBackOldestFirst_withTheirSeriesLabelsAndUnit_withinRangeAndLimit() {
        MetricPoint eu = point("latency", 1.5, T0 + 20, "region", "eu");
        MetricPoint us = point("latency", 2.5, T0 + 10, "region", "us");
        MetricPoint plain = new MetricPoint("latency", 3.5, null, Labels.empty(), T0 + 30);
        store.write(batch(eu, us, plain, point("other", 9, T0, "region", "eu")));

        assertEquals(List.of(us, eu, plain), points("latency", Labels.empty()));
        assertEquals(List.of(us), store.findMetricPoints(MetricQuery.builder("latency").limit(1).build()));
        assertEquals(List.of(eu), store.findMetricPoints(MetricQuery.builder("latency")
                .range(TimeRange.between(Instant.ofEpochMilli(T0 + 11), Instant.ofEpochMilli(T0 + 30))).build()));
    }

    @Test
    void labelQuery_matchesEverySeriesCarryingAllItsLabels() {
        store.write(batch(
                point("requests", 1, T0, "region", "eu", "status", "200"),
                point("requests", 2, T0 + 1, "region", "eu", "status", "500"),
                point("requests", 3, T0 + 2, "region", "us", "status", "200"),
                point("requests", 4, T0 + 3),
                point("requests", 5, T0 + 4, "a.b:c-d", "dotted")));

        assertEquals(List.of(1.0, 2.0), values(points("requests", Labels.of("region", "eu"))));
        assertEquals(List.of(1.0, 3.0), values(points("requests", Labels.of("status", "200"))));
        assertEquals(List.of(2.0), values(points("requests", Labels.of("status", "500", "region", "eu"))));
        assertEquals(List.of(5.0), values(points("requests", Labels.of("a.b:c-d", "dotted"))));
        assertEquals(List.of(), values(points("requests", Labels.of("region", "asia"))));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), values(points("requests", Labels.empty())));
    }

    private static List<Double> values(List<MetricPoint> points) {
        return points.stream().map(MetricPoint::value).toList();
    }

    /**
     * Buckets of one minute from T0. Bucket 0 holds 1, 3, 5 (eu, the 5 at its last millisecond) and 10 (us);
     * bucket 1 holds 7, which lies exactly on its boundary; bucket 2 holds 9; points before T0 and at the range's
     * end are outside.
     */
    @ParameterizedTest
    @CsvSource({
        "AVG,   4.75, 7, 9,   3, 7, 9",
        "MIN,   1,    7, 9,   1, 7, 9",
        "MAX,   10,   7, 9,   5, 7, 9",
        "SUM,   19,   7, 9,   9, 7, 9",
        "COUNT, 4,    1, 1,   3, 1, 1",
        "LAST,  5,    7, 9,   5, 7, 9"})
    void downsample_aggregatesEachBucketInSql(Aggregation aggregation, double all0, double all1, double all2,
                                              double eu0, double eu1, double eu2) {
        store.write(batch(
                point("latency", 100, T0 - 1, "region", "eu"),
                point("latency", 1, T0, "region", "eu"),
                point("latency", 5, T0 + MINUTE - 1, "region", "eu"),
                point("latency", 3, T0 + 10_000, "region", "eu"),
                point("latency", 10, T0 + 20_000, "region", "us"),
                point("latency", 7, T0 + MINUTE, "region", "eu"),
                point("latency", 9, T0 + 2 * MINUTE + 30_000, "region", "eu"),
                point("latency", 100, T0 + 3 * MINUTE, "region", "eu"),
                point("other", 100, T0, "region", "eu")));

        assertEquals(List.of(new SeriesPoint(T0, all0, 4), new SeriesPoint(T0 + MINUTE, all1, 1),
                new SeriesPoint(T0 + 2 * MINUTE, all2, 1)), downsample(aggregation, Labels.empty()));
        assertEquals(List.of(new SeriesPoint(T0, eu0, 3), new SeriesPoint(T0 + MINUTE, eu1, 1),
                new SeriesPoint(T0 + 2 * MINUTE, eu2, 1)), downsample(aggregation, Labels.of("region", "eu")));
    }

    @Test
    void downsampleLast_isTheLastPointOfTheBucketInQueryOrder_whenPointsShareAMillisecond() {
        // one series, three points in one millisecond: stored in the order written
        store.write(batch(point("latency", 3, T0 + 10, "region", "eu"), point("latency", 1, T0 + 10, "region", "eu"),
                point("latency", 2, T0 + 10, "region", "eu")));
        // two series at the same millisecond, the later one written first, in a later bucket
        store.write(batch(point("latency", 8, T0 + MINUTE + 10, "region", "us"),
                point("latency", 6, T0 + MINUTE + 10, "region", "eu"),
                point("latency", 4, T0 + MINUTE + 10, "region", "us")));

        List<MetricPoint> all = points("latency", Labels.empty());
        assertEquals(List.of(3.0, 1.0, 2.0, 6.0, 8.0, 4.0), values(all), "eu's series id is lower than us's");
        assertEquals(List.of(new SeriesPoint(T0, 2, 3), new SeriesPoint(T0 + MINUTE, 4, 3)),
                downsample(Aggregation.LAST, Labels.empty()));
        assertEquals(List.of(new SeriesPoint(T0, 2, 3), new SeriesPoint(T0 + MINUTE, 6, 1)),
                downsample(Aggregation.LAST, Labels.of("region", "eu")));
    }

    @Test
    void unreadableStoredSeries_isAStoreException() throws Exception {
        store.write(batch(point("latency", 1, T0)));
        TestData.execute(file, "UPDATE metrics_metadata SET type = 'histogram-of-the-future'");

        StoreException refused = assertThrows(StoreException.class, () -> store.findMetricMetadata(null));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    @Test
    void downsample_leavesEmptyBucketsOut() {
        store.write(batch(point("latency", 1, T0), point("latency", 2, T0 + 2 * MINUTE)));

        assertEquals(List.of(new SeriesPoint(T0, 1, 1), new SeriesPoint(T0 + 2 * MINUTE, 2, 1)),
                downsample(Aggregation.AVG, Labels.empty()));
    }

    private List<SeriesPoint> downsample(Aggregation aggregation, Labels labels) {
        return store.downsample(DownsampleQuery.builder("latency").labels(labels).range(THREE_MINUTES)
                .step(Duration.ofMinutes(1)).aggregation(aggregation).build());
    }

    @Test
    void series_isStoredOnce_andItsFirstAndLastSeenFollowItsPoints() {
        store.write(batch(point("latency", 1, T0 + 5_000, "region", "eu"), point("latency", 2, T0 + 7_000, "region",
                "eu")));
        store.write(batch(point("latency", 3, T0 + 1_000, "region", "eu")));
        store.write(batch(point("latency", 4, T0 + 9_000, "region", "eu"), point("latency", 5, T0 + 2_000, "region",
                "eu")));

        List<MetricMetadata> series = store.findMetricMetadata("latency");
        assertEquals(1, series.size());
        MetricMetadata eu = series.get(0);
        assertEquals(Labels.of("region", "eu"), eu.labels());
        assertEquals(T0 + 1_000, eu.firstSeenMillis());
        assertEquals(T0 + 9_000, eu.lastSeenMillis());
        assertEquals(5, store.rowCounts().get(DataKind.METRICS));
    }

    @Test
    void lastSeen_movesInStepsOfItsResolution() {
        store.write(batch(point("latency", 1, T0, "region", "eu")));
        store.write(batch(point("latency", 2, T0 + MetricWriter.LAST_SEEN_RESOLUTION_MILLIS - 1, "region", "eu")));
        assertEquals(T0, store.findMetricMetadata("latency").get(0).lastSeenMillis());

        store.write(batch(point("latency", 3, T0 + MetricWriter.LAST_SEEN_RESOLUTION_MILLIS, "region", "eu")));
        assertEquals(T0 + MetricWriter.LAST_SEEN_RESOLUTION_MILLIS,
                store.findMetricMetadata("latency").get(0).lastSeenMillis());
    }

    @Test
    void pointsOfOneSeriesInTheSameMillisecond_areAllKept_evenFromTwoStores() {
        store.write(batch(point("latency", 1, T0), point("latency", 2, T0), point("latency", 3, T0)));
        try (SqliteStore other = SqliteStore.open(file)) {
            other.write(batch(point("latency", 4, T0), point("latency", 5, T0)));
        }
        store.write(batch(point("latency", 6, T0)));

        List<Double> values = store.findMetricPoints(MetricQuery.builder("latency").build()).stream()
                .map(MetricPoint::value).sorted().toList();
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), values);
    }

    @Test
    void undescribedSeries_isAGaugeInItsPointsUnit() {
        store.write(batch(point("latency", 1, T0, "region", "eu")));

        MetricMetadata series = store.findMetricMetadata("latency").get(0);
        assertEquals(MetricType.GAUGE, series.type());
        assertEquals("ms", series.unit());
        assertEquals(null, series.description());
    }

    @Test
    void descriptionWrittenBeforeTheFirstPoint_describesEverySeriesCreatedLater() {
        store.write(batch(new MetricDescription("jobs", MetricType.COUNTER, "jobs", "Jobs finished")));
        store.write(batch(point("jobs", 1, T0, "queue", "a"), point("jobs", 1, T0, "queue", "b")));

        List<MetricMetadata> series = store.findMetricMetadata("jobs");
        assertEquals(2, series.size());
        for (MetricMetadata one : series) {
            assertEquals(MetricType.COUNTER, one.type());
            assertEquals("jobs", one.unit());
            assertEquals("Jobs finished", one.description());
        }
    }

    @Test
    void descriptionWrittenAfterThePoints_describesTheExistingSeries_keepingTheirUnitWhenItHasNone() {
        store.write(batch(point("latency", 1, T0, "region", "eu"), point("latency", 1, T0, "region", "us"),
                point("other", 1, T0)));
        store.write(batch(new MetricDescription("latency", MetricType.TIMER, null, "Request latency")));

        for (MetricMetadata series : store.findMetricMetadata("latency")) {
            assertEquals(MetricType.TIMER, series.type());
            assertEquals("ms", series.unit());
            assertEquals("Request latency", series.description());
        }
        assertEquals(MetricType.GAUGE, store.findMetricMetadata("other").get(0).type());
    }

    @Test
    void description_survivesARestart_forSeriesCreatedAfterIt() {
        store.write(batch(new MetricDescription("jobs", MetricType.COUNTER, null, "Jobs finished")));
        store.close();

        store = SqliteStore.open(file);
        store.write(batch(point("jobs", 1, T0)));

        MetricMetadata series = store.findMetricMetadata("jobs").get(0);
        assertEquals(MetricType.COUNTER, series.type());
        assertEquals("ms", series.unit());
        assertEquals("Jobs finished", series.description());
    }

    @Test
    void metadataOfEveryMetric_isOrderedByNameThenLabels() {
        store.write(batch(point("b", 1, T0, "k", "2"), point("a", 1, T0), point("b", 1, T0, "k", "1")));

        assertEquals(List.of("a {}", "b {\"k\":\"1\"}", "b {\"k\":\"2\"}"), store.findMetricMetadata(null).stream()
                .map(series -> series.name() + " " + series.labels().toJson()).toList());
    }

    @Test
    void injectionInANameOrLabelValue_matchesNothing_andEveryTableSurvives() {
        store.write(batch(point("latency", 1, T0, "region", "eu")));
        Map<DataKind, Long> before = store.rowCounts();

        for (String injection : INJECTIONS) {
            assertEquals(List.of(), points(injection, Labels.empty()), injection);
            assertEquals(List.of(), points("latency", Labels.of("region", injection)), injection);
            assertEquals(List.of(), store.findMetricMetadata(injection), injection);
            assertEquals(List.of(), store.downsample(DownsampleQuery.builder(injection).range(THREE_MINUTES)
                    .build()), injection);
            assertEquals(List.of(), store.downsample(DownsampleQuery.builder("latency").range(THREE_MINUTES)
                    .labels(Labels.of("region", injection)).build()), injection);
            assertEquals(Optional.empty(), store.latestHeartbeat(injection), injection);
        }
        assertEquals(before, store.rowCounts());
    }
}
