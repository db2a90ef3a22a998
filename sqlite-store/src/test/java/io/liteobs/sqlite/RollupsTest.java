package io.liteobs.sqlite;

import static io.liteobs.sqlite.RollupChecks.DAY0;
import static io.liteobs.sqlite.RollupChecks.HOUR;
import static io.liteobs.sqlite.RollupChecks.MINUTE;
import static io.liteobs.sqlite.RollupChecks.assertRollupsEqualThePoints;
import static io.liteobs.sqlite.RollupChecks.assertSameAnswer;
import static io.liteobs.sqlite.RollupChecks.assertTieredEqualsRaw;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.Await;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
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
            // idle time rolls the raw minutes up into rows (the series have about a point a minute each, and some
            // minutes two)
            while (store.workWhileIdle()) {
                // step after step
            }
            List<MetricPoint> late = new ArrayList<>(points.subList(300, points.size() - 2));
            Collections.reverse(late);
            store.write(batchOf(late));
            store.write(batchOf(points.subList(points.size() - 2, points.size() - 1)));
            store.write(batchOf(points.subList(points.size() - 1, points.size())));
        }
        assertRollupsEqualThePoints(file);
        assertEquals(List.of("200.0"), TestData.column(file, "SELECT last_value FROM metrics_rollup_1m r"
                + " JOIN metrics_metadata m USING (series_id) WHERE m.labels = '{\"route\":\"/a\"}'"
                + " AND bucket_start = " + (DAY0 + 5 * MINUTE)));
    }

    @Test
    void aVersion5FileRolledUpPartWay_whenTheStoreCloses_isRolledUpFromWhereItStopped_lateWritesCountedOnce()
            throws Exception {
        Path file = dir.resolve("obs.db");
        List<MetricPoint> points = randomPoints(new Random(11), 3, 3_000);
        writeVersion5File(file, points.subList(0, 2_000));
        try (SqliteStore store = SqliteStore.open(file)) {
            // two steps, then points before, inside and after what the steps reached, then the process ends
            store.catchUp();
            store.catchUp();
            store.write(batchOf(points.subList(2_000, 2_500)));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            // queries are answered as from raw points meanwhile
            assertTieredEqualsRaw(store, Duration.ofHours(1));
            store.write(batchOf(points.subList(2_500, 3_000)));
            rollUp(store);
            assertTieredEqualsRaw(store, Duration.ofHours(1), Duration.ofMinutes(10));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void theWriterThread_rollsUpAVersion5File_betweenBatches() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersion5File(file, randomPoints(new Random(3), 3, 600));
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            obs.metrics().record("latency", 1, null, Labels.of("host", "h0"), DAY0 + 17);
            Await.until("every point rolled up", () -> "601".equals(firstValue(file,
                    "SELECT coalesce(sum(point_count), 0) FROM metrics_rollup_1h")));
        }
        assertRollupsEqualThePoints(file);
    }

    /**
     * A file as a release of schema version 5 wrote it, with the points of three hosts, h0 to h2, each series'
     * first and last seen times those of its points.
     */
    private static void writeVersion5File(Path file, List<MetricPoint> points) throws Exception {
        StringBuilder inserts = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            MetricPoint point = points.get(i);
            inserts.append(inserts.isEmpty() ? "" : ",").append("(")
                    .append(Integer.parseInt(point.labels().asMap().get("host").substring(1)) + 1).append(", ")
                    .append(point.timestampMillis()).append(", ").append(i).append(", ").append(point.value())
                    .append(")");
        }
        TestData.writeFileAtVersion(file, 5, "INSERT INTO metrics_metadata (series_id, name, labels, type,"
                + " first_seen, last_seen) VALUES (1, 'latency', '{\"host\":\"h0\"}', 'gauge', 0, 0), (2, 'latency',"
                + " '{\"host\":\"h1\"}', 'gauge', 0, 0), (3, 'latency', '{\"host\":\"h2\"}', 'gauge', 0, 0)",
                "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES " + inserts,
                "UPDATE metrics_metadata SET first_seen = coalesce((SELECT min(timestamp) FROM metrics_timeseries t"
                        + " WHERE t.series_id = metrics_metadata.series_id), 0), last_seen = coalesce((SELECT"
                        + " max(timestamp) FROM metrics_timeseries t WHERE t.series_id = metrics_metadata.series_id), 0)");
    }

    private static String firstValue(Path file, String query) {
        try {
            return TestData.column(file, query).get(0);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs rollup steps until nothing is left, as the writer thread does between batches. */
    private static void rollUp(SqliteStore store) {
        int steps = 0;
        while (store.catchUp()) {
            steps++;
            if (steps > 100_000) {
                throw new AssertionError("the rollup step never catches up");
            }
        }
    }

    @Test
    void tieredAnswers_equalRawAnswers_forRandomSeriesStepsRangesAndLateWrites() throws Exception {
        Random random = new Random(18);
        for (int round = 0; round < 12; round++) {
            Path file = dir.resolve("round-" + round + ".db");
            List<MetricPoint> points = randomPoints(random, 1 + random.nextInt(3), 200 + random.nextInt(800));
            Collections.shuffle(points, random);
            // every other round starts from a file of version 5 that holds some of the points, rolled up by steps
            // between the batches that follow
            int first = round % 2 == 0 ? 0 : random.nextInt(points.size());
            if (first > 0) {
                writeVersion5File(file, points.subList(0, first));
            }
            try (SqliteStore store = SqliteStore.open(file)) {
                // written in random batches, out of time order: late points merge into buckets already rolled up
                for (int from = first; from < points.size(); ) {
                    int to = Math.min(points.size(), from + 1 + random.nextInt(200));
                    store.write(batchOf(points.subList(from, to)));
                    for (int step = random.nextInt(3); step > 0; step--) {
                        store.catchUp();
                    }
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
    void retentionOfAVersion5FileNotRolledUpYet_rollsUpThePointsItDeletesFirst() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersion5File(file, randomPoints(new Random(5), 2, 2_000));
        long rawCutoff = DAY0 + 86_400_000L + 17;
        List<List<String>> hoursBefore;
        try (SqliteStore store = SqliteStore.open(file)) {
            // what the hour tier must hold once rolled up, computed from the points before any is deleted
            hoursBefore = TestData.rows(file, "SELECT series_id, timestamp - timestamp % " + HOUR
                    + ", count(*), min(value), max(value) FROM metrics_timeseries GROUP BY 1, 2 ORDER BY 1, 2");
            long pointsBefore = Long.parseLong(firstValue(file,
                    "SELECT count(*) FROM metrics_timeseries WHERE timestamp < " + rawCutoff));
            // a cleanup run straight after the upgrade, before any rollup step: every point before the cutoff goes
            assertEquals(pointsBefore, store.deleteOlderThan(DataKind.METRICS, rawCutoff, Integer.MAX_VALUE));
            rollUp(store);
        }
        assertEquals(hoursBefore, TestData.rows(file, "SELECT series_id, bucket_start, point_count, value_min,"
                + " value_max FROM metrics_rollup_1h ORDER BY 1, 2"));
    }

    @Test
    void aLargeVersion5File_opensWithoutRollingUp_andIsRolledUpInChunksAfterwards() throws Exception {
        Path file = dir.resolve("obs.db");
        int series = 10;
        int minutes = 14 * 1_440;
        StringBuilder metadata = new StringBuilder();
        for (int s = 1; s <= series; s++) {
            metadata.append(s == 1 ? "" : ",").append("(").append(s).append(", 'latency', '{\"host\":\"h")
                    .append(s).append("\"}', 'gauge', ").append(DAY0).append(", ").append(DAY0 + minutes * MINUTE)
                    .append(")");
        }
        // 14 days of 10 series, a point a minute each: 201,600 points, made by SQLite itself
        TestData.writeFileAtVersion(file, 5, "INSERT INTO metrics_metadata (series_id, name, labels, type,"
                + " first_seen, last_seen) VALUES " + metadata, """
                WITH RECURSIVE minute(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM minute WHERE i < %d)
                INSERT INTO metrics_timeseries (series_id, timestamp, seq, value)
                SELECT s.series_id, %d + i * 60000 + s.series_id * 7, 0, (i * 31 + s.series_id) %% 97
                FROM minute, metrics_metadata s""".formatted(minutes - 1, DAY0));

        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of(Integer.toString(Migrations.LATEST_VERSION)), TestData.column(file,
                    "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
            assertEquals(List.of("0", "0"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"
                    + " UNION ALL SELECT count(*) FROM metrics_rollup_1h"), "the migration rolls nothing up");
            assertTieredEqualsRaw(store, Duration.ofHours(2));

            int steps = 1;
            while (store.catchUp()) {
                steps++;
            }
            assertTrue(steps > 10, "rolled up in " + steps + " steps");
            assertEquals(List.of(Integer.toString(series * minutes)),
                    TestData.column(file, "SELECT sum(point_count) FROM metrics_rollup_1h"));
            assertTieredEqualsRaw(store, Duration.ofHours(2), Duration.ofMinutes(5));
        }
    }

    @Test
    void aVersion6File_whoseRollupsWereWrittenWithItsPoints_keepsThem() throws Exception {
        Path file = dir.resolve("obs.db");
        long first = DAY0 + 5 * MINUTE + 1;
        long second = DAY0 + 2 * HOUR + 30 * MINUTE + 7;
        RollupChecks.writeRolledUpFile(file, 6, first, second);

        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of(), TestData.column(file,
                    "SELECT key FROM _observability_metadata WHERE key LIKE 'rollups_missing%'"), "no gap");
            // a late point in the newest minute the file held, and one after it
            store.write(batchOf(List.of(point("latency", 9, second + 1, "host", "h0"),
                    point("latency", 11, second + MINUTE, "host", "h0"))));
            rollUp(store);
            assertTieredEqualsRaw(store, Duration.ofHours(1));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void plan_answersEachPartFromTheCoarsestSourceThatHoldsIt() {
        Rollups.Horizons everything = new Rollups.Horizons(
                Map.of(RollupTier.MINUTE, Long.MIN_VALUE, RollupTier.HOUR, Long.MIN_VALUE), Map.of());
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
                RollupQueries.plan(new Rollups.Horizons(Map.of(), Map.of()),
                        query(from, to, Duration.ofHours(1), Aggregation.AVG)), "a file without filled tiers");
        Rollups.Horizons hourTierFromHour3 = new Rollups.Horizons(
                Map.of(RollupTier.HOUR, DAY0 + 3 * HOUR), Map.of());
        assertEquals(List.of(new RollupQueries.Part(null, from, DAY0 + 3 * HOUR),
                        new RollupQueries.Part(RollupTier.HOUR, DAY0 + 3 * HOUR, DAY0 + 5 * HOUR),
                        new RollupQueries.Part(null, DAY0 + 5 * HOUR, to)),
                RollupQueries.plan(hourTierFromHour3, query(from, to, Duration.ofHours(1), Aggregation.AVG)),
                "before the tier's horizon, raw points answer, where they are left");
        // an older file's gap, rolled up from its start to 2:10 (the minute tier) and 2:00 (the hour tier) so far
        Rollups.Horizons gapUntilHour4 = new Rollups.Horizons(
                Map.of(RollupTier.MINUTE, Long.MIN_VALUE, RollupTier.HOUR, Long.MIN_VALUE),
                Map.of(RollupTier.MINUTE, new Rollups.Gap(DAY0 + 2 * HOUR + 10 * MINUTE, DAY0 + 4 * HOUR),
                        RollupTier.HOUR, new Rollups.Gap(DAY0 + 2 * HOUR + 10 * MINUTE, DAY0 + 4 * HOUR)));
        assertEquals(List.of(new RollupQueries.Part(null, from, DAY0 + MINUTE),
                        new RollupQueries.Part(RollupTier.MINUTE, DAY0 + MINUTE, DAY0 + HOUR),
                        new RollupQueries.Part(RollupTier.HOUR, DAY0 + HOUR, DAY0 + 2 * HOUR),
                        new RollupQueries.Part(RollupTier.MINUTE, DAY0 + 2 * HOUR, DAY0 + 2 * HOUR + 10 * MINUTE),
                        new RollupQueries.Part(null, DAY0 + 2 * HOUR + 10 * MINUTE, DAY0 + 4 * HOUR),
                        new RollupQueries.Part(RollupTier.HOUR, DAY0 + 4 * HOUR, DAY0 + 5 * HOUR),
                        new RollupQueries.Part(RollupTier.MINUTE, DAY0 + 5 * HOUR, DAY0 + 5 * HOUR + 2 * MINUTE),
                        new RollupQueries.Part(null, DAY0 + 5 * HOUR + 2 * MINUTE, to)),
                RollupQueries.plan(gapUntilHour4, query(from, to, Duration.ofHours(1), Aggregation.SUM)),
                "a tier's gap is answered by finer sources");
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
}
