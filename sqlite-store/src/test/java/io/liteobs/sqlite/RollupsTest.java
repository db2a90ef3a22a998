package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.Aggregation;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.RollupTier;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollupsTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    /** A start on a whole day, so that tier buckets and steps line up with it. */
    private static final long DAY0 = Math.floorDiv(T0, 86_400_000L) * 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void rollupRows_equalTheAggregatesOfTheirPoints_whateverOrderTheyCameIn() throws Exception {
        Path file = dir.resolve("obs.db");
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            points.add(point("latency", i % 17, DAY0 + i * 7_919L % (3 * HOUR), "route", i % 3 == 0 ? "/a" : "/b"));
        }
        // the last millisecond of a minute twice: the point written later is the bucket's last
        points.add(point("latency", 100, DAY0 + 6 * MINUTE - 1, "route", "/a"));
        points.add(point("latency", 200, DAY0 + 6 * MINUTE - 1, "route", "/a"));
        try (SqliteStore store = SqliteStore.open(file)) {
            // a first batch, then late points into buckets already rolled up, in reverse time order
            store.write(batchOf(points.subList(0, 300)));
            List<MetricPoint> late = new ArrayList<>(points.subList(300, points.size() - 2));
            Collections.reverse(late);
            store.write(batchOf(late));
            store.write(batchOf(points.subList(points.size() - 2, points.size() - 1)));
            store.write(batchOf(points.subList(points.size() - 1, points.size())));
        }
        for (RollupTier tier : RollupTier.values()) {
            long width = tier.bucketMillis();
            assertEquals(TestData.rows(file, """
                    SELECT series_id, timestamp - timestamp %% %1$d, count(*), sum(value), min(value), max(value),
                           (SELECT value FROM metrics_timeseries l WHERE l.series_id = t.series_id
                            AND l.timestamp - l.timestamp %% %1$d = t.timestamp - t.timestamp %% %1$d
                            ORDER BY l.timestamp DESC, l.seq DESC LIMIT 1), max(timestamp)
                    FROM metrics_timeseries t GROUP BY 1, 2 ORDER BY 1, 2""".formatted(width)),
                    TestData.rows(file, "SELECT series_id, bucket_start, point_count, value_sum, value_min,"
                            + " value_max, last_value, last_timestamp FROM " + Schema.tableOf(tier)
                            + " ORDER BY 1, 2"), tier.toString());
        }
        assertEquals(List.of("200.0"), TestData.column(file, "SELECT last_value FROM metrics_rollup_1m r"
                + " JOIN metrics_metadata m USING (series_id) WHERE m.labels = '{\"route\":\"/a\"}'"
                + " AND bucket_start = " + (DAY0 + 5 * MINUTE)));
    }

    @Test
    void tieredAnswers_equalRawAnswers_forRandomSeriesStepsRangesAndLateWrites() {
        Random random = new Random(18);
        for (int round = 0; round < 12; round++) {
            Path file = dir.resolve("round-" + round + ".db");
            try (SqliteStore store = SqliteStore.open(file)) {
                List<MetricPoint> points = randomPoints(random, 1 + random.nextInt(4), 200 + random.nextInt(800));
                // written in random batches, out of time order: late points merge into buckets already rolled up
                Collections.shuffle(points, random);
                for (int from = 0; from < points.size(); ) {
                    int to = Math.min(points.size(), from + 1 + random.nextInt(200));
                    store.write(batchOf(points.subList(from, to)));
                    from = to;
                }
                for (int query = 0; query < 20; query++) {
                    long step = (random.nextBoolean() ? MINUTE : HOUR) * (1 + random.nextInt(random.nextBoolean()
                            ? 3 : 90));
                    long from = DAY0 - HOUR + random.nextLong(2 * 86_400_000L);
                    long to = from + 1 + random.nextLong(2 * 86_400_000L);
                    for (Aggregation aggregation : Aggregation.values()) {
                        DownsampleQuery downsample = DownsampleQuery.builder("latency")
                                .labels(random.nextInt(3) == 0 ? Labels.of("host", "h0") : Labels.empty())
                                .range(TimeRange.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
                                .step(Duration.ofMillis(step)).aggregation(aggregation).build();
                        assertSameAnswer(store.read("raw", connection -> MetricQueries.downsampleRaw(connection,
                                downsample)), store.downsample(downsample), downsample.toString());
                    }
                }
            }
        }
    }

    @Test
    void aRangeOlderThanTheRawPoints_isAnsweredFromTheTiersThatStillHoldIt() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            List<MetricPoint> points = randomPoints(new Random(7), 2, 2_000);
            store.write(batchOf(points));
            DownsampleQuery hourly = DownsampleQuery.builder("latency")
                    .range(TimeRange.between(Instant.ofEpochMilli(DAY0), Instant.ofEpochMilli(DAY0 + 2 * 86_400_000L)))
                    .step(Duration.ofHours(1)).aggregation(Aggregation.AVG).build();
            DownsampleQuery perMinute = DownsampleQuery.builder("latency").range(hourly.series().range())
                    .step(Duration.ofMinutes(30)).aggregation(Aggregation.MAX).build();
            List<SeriesPoint> hourlyBefore = store.downsample(hourly);
            List<SeriesPoint> perMinuteBefore = store.downsample(perMinute);

            // raw points older than a day go; the tiers keep them
            long rawCutoff = DAY0 + 86_400_000L + 17;
            while (store.deleteOlderThan(DataKind.METRICS, rawCutoff, 1_000) == 1_000) {
                // chunk after chunk
            }
            assertSameAnswer(hourlyBefore, store.downsample(hourly), "hourly, from the hour tier");
            assertSameAnswer(perMinuteBefore, store.downsample(perMinute), "half-hourly, from the minute tier");

            // then the minute tier loses its first twelve hours: hours are still answered from the hour tier, but
            // no source holds those half hours any more, which become gaps
            long minuteCutoff = DAY0 + 12 * HOUR - 5;
            while (store.deleteRollupsOlderThan(RollupTier.MINUTE, minuteCutoff, 100) == 100) {
                // chunk after chunk
            }
            assertEquals(List.of(Long.toString(DAY0 + 12 * HOUR)), TestData.column(file,
                    "SELECT value FROM _observability_metadata WHERE key = 'rollups_complete_from:metrics_rollup_1m'"));
            assertEquals(List.of("0"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"
                    + " WHERE bucket_start < " + (DAY0 + 12 * HOUR)));
            assertSameAnswer(hourlyBefore, store.downsample(hourly), "hourly, still from the hour tier");
            assertSameAnswer(perMinuteBefore.stream().filter(bucket -> bucket.timestampMillis() >= DAY0 + 12 * HOUR)
                    .toList(), store.downsample(perMinute), "half-hourly, where the minute tier holds it");
        }
    }

    @Test
    void upgradeFromVersion5_fillsTheTiersFromThePointsTheFileHolds() throws Exception {
        Path file = dir.resolve("obs.db");
        List<MetricPoint> points = randomPoints(new Random(5), 3, 3_000);
        StringBuilder inserts = new StringBuilder();
        List<String> rows = new ArrayList<>();
        rows.add("INSERT INTO metrics_metadata (series_id, name, labels, type, first_seen, last_seen) VALUES"
                + " (1, 'latency', '{\"host\":\"h0\"}', 'gauge', 0, 0), (2, 'latency', '{\"host\":\"h1\"}', 'gauge', 0,"
                + " 0), (3, 'latency', '{\"host\":\"h2\"}', 'gauge', 0, 0)");
        for (int i = 0; i < points.size(); i++) {
            MetricPoint point = points.get(i);
            inserts.append(inserts.isEmpty() ? "" : ",").append("(")
                    .append(Integer.parseInt(point.labels().asMap().get("host").substring(1)) + 1).append(", ")
                    .append(point.timestampMillis()).append(", ").append(i).append(", ").append(point.value())
                    .append(")");
        }
        rows.add("INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES " + inserts);
        TestData.writeFileAtVersion(file, 5, rows.toArray(String[]::new));

        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of("6"), TestData.column(file,
                    "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
            assertEquals(List.of("3000"), TestData.column(file, "SELECT sum(point_count) FROM metrics_rollup_1m"));
            for (Aggregation aggregation : Aggregation.values()) {
                DownsampleQuery query = DownsampleQuery.builder("latency")
                        .range(TimeRange.between(Instant.ofEpochMilli(DAY0 - 7 * MINUTE),
                                Instant.ofEpochMilli(DAY0 + 2 * 86_400_000L + 11)))
                        .step(Duration.ofHours(2)).aggregation(aggregation).build();
                assertSameAnswer(store.read("raw", connection -> MetricQueries.downsampleRaw(connection, query)),
                        store.downsample(query), aggregation.toString());
            }
        }
    }

    @Test
    void plan_answersEachPartFromTheCoarsestSourceThatHoldsIt() {
        Rollups.Horizons everything = new Rollups.Horizons(
                Map.of(RollupTier.MINUTE, Long.MIN_VALUE, RollupTier.HOUR, Long.MIN_VALUE));
        long from = DAY0 + 30_001;
        long to = DAY0 + 5 * HOUR + 2 * MINUTE + 9;
        assertEquals(List.of(new RollupQueries.Part(null, from, DAY0 + MINUTE),
                        new RollupQueries.Part(RollupTier.MINUTE, DAY0 + MINUTE, DAY0 + HOUR),
                        new RollupQueries.Part(RollupTier.HOUR, DAY0 + HOUR, DAY0 + 5 * HOUR),
                        new RollupQueries.Part(RollupTier.MINUTE, DAY0 + 5 * HOUR, DAY0 + 5 * HOUR + 2 * MINUTE),
                        new RollupQueries.Part(null, DAY0 + 5 * HOUR + 2 * MINUTE, to)),
                RollupQueries.plan(everything, query(from, to, Duration.ofHours(1), Aggregation.SUM)));
        assertEquals(List.of(new RollupQueries.Part(null, from, to)),
                RollupQueries.plan(everything, query(from, to, Duration.ofHours(1), Aggregation.P99)),
                "percentiles need every point");
        assertEquals(List.of(new RollupQueries.Part(null, from, to)),
                RollupQueries.plan(everything, query(from, to, Duration.ofSeconds(90), Aggregation.AVG)),
                "no tier divides a 90-second step");
        assertEquals(List.of(new RollupQueries.Part(null, from, to)),
                RollupQueries.plan(new Rollups.Horizons(Map.of()),
                        query(from, to, Duration.ofHours(1), Aggregation.AVG)), "a file without filled tiers");
        Rollups.Horizons hourTierFromHour3 = new Rollups.Horizons(
                Map.of(RollupTier.HOUR, DAY0 + 3 * HOUR));
        assertEquals(List.of(new RollupQueries.Part(null, from, DAY0 + 3 * HOUR),
                        new RollupQueries.Part(RollupTier.HOUR, DAY0 + 3 * HOUR, DAY0 + 5 * HOUR),
                        new RollupQueries.Part(null, DAY0 + 5 * HOUR, to)),
                RollupQueries.plan(hourTierFromHour3, query(from, to, Duration.ofHours(1), Aggregation.AVG)),
                "before the tier's horizon, raw points answer, where they are left");
    }

    private static DownsampleQuery query(long from, long to, Duration step, Aggregation aggregation) {
        return DownsampleQuery.builder("latency")
                .range(TimeRange.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
                .step(step).aggregation(aggregation).build();
    }

    /** Points of {@code series} hosts over two days from {@link #DAY0}, some sharing a millisecond. */
    private static List<MetricPoint> randomPoints(Random random, int series, int count) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long timestamp = DAY0 + (random.nextInt(10) == 0 && !points.isEmpty()
                    ? points.get(random.nextInt(points.size())).timestampMillis() - DAY0
                    : random.nextLong(2 * 86_400_000L));
            double value = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextDouble() * 1_000 - 200;
            points.add(point("latency", value, timestamp, "host", "h" + random.nextInt(series)));
        }
        return points;
    }

    /** The same buckets and counts; values equal up to the rounding of sums added in another order. */
    private static void assertSameAnswer(List<SeriesPoint> expected, List<SeriesPoint> actual, String what) {
        assertEquals(expected.stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples()).toList(),
                actual.stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples()).toList(), what);
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).value();
            assertEquals(want, actual.get(i).value(), Math.abs(want) * 1e-9 + 1e-9, what + " at bucket " + i);
        }
    }
}
