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
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawMinutesTest {

    private static final long DAY = 86_400_000L;
    private static final String RANGES = "SELECT raw_minutes_from, raw_minutes_until FROM metrics_metadata"
            + " ORDER BY series_id";

    @TempDir
    Path dir;

    @Test
    void seriesWithAPointAMinute_writeNoMinuteRows_andAnswerAsFromTheirPoints() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            List<MetricPoint> points = new ArrayList<>(everyMinute("h0", 0, 180, 7));
            points.addAll(everyMinute("h1", 0, 180, 59_999));
            for (int from = 0; from < 180; from += 37) {
                // both hosts' minutes [from, from + 37), as a registry publishes them, several minutes a batch
                List<MetricPoint> batch = new ArrayList<>(points.subList(from, Math.min(180, from + 37)));
                batch.addAll(points.subList(180 + from, Math.min(360, 180 + from + 37)));
                store.write(batchOf(batch));
            }
            assertEquals(List.of("0", "6"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"
                    + " UNION ALL SELECT count(*) FROM metrics_rollup_1h"), "no minute rows; the hours as ever");
            assertEquals(List.of(List.of(Long.toString(DAY0), "null"), List.of(Long.toString(DAY0), "null")),
                    nullsAsText(TestData.rows(file, RANGES)), "raw minutes from the first point's minute, no end");
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void severalPointsAMinute_stayRawMinutes_untilIdleTimeRollsThemUpToTheNewestMinute() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            // h0 every 10 seconds (a registry's step), h1 once a minute
            List<MetricPoint> points = new ArrayList<>();
            for (long offset = 3; offset < MINUTE; offset += 10_000) {
                points.addAll(everyMinute("h0", 0, 90, offset));
            }
            points.addAll(everyMinute("h1", 0, 90, 4_000));
            points.sort((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()));
            store.write(batchOf(points.subList(0, 400)));
            store.write(batchOf(points.subList(400, points.size())));
            assertEquals(List.of("0"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"),
                    "while the writer is busy, the points stand for the minutes");
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

            while (store.workWhileIdle()) {
                // step after step
            }
            assertFalse(store.workWhileIdle(), "nothing left, nothing noted");
            String newestMinute = Long.toString(DAY0 + 89 * MINUTE);
            assertEquals(List.of(List.of(newestMinute, "null"), List.of(Long.toString(DAY0), "null")),
                    nullsAsText(TestData.rows(file, RANGES)), "h0 raw from its newest minute on, h1 as it was");
            assertEquals(List.of("89", Integer.toString(89 * 6)), TestData.column(file, "SELECT count(*) FROM"
                    + " metrics_rollup_1m UNION ALL SELECT sum(point_count) FROM metrics_rollup_1m"));
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

            // the newest minute gets its last point, late points go to their rows, and idle time takes the rest
            List<MetricPoint> more = new ArrayList<>(everyMinute("h0", 89, 1, 59_999));
            more.add(point("latency", 5, DAY0 + 30 * MINUTE + 1, "host", "h0"));
            more.addAll(everyMinute("h0", 90, 10, 1));
            more.addAll(everyMinute("h0", 90, 10, 2));
            store.write(batchOf(more));
            assertEquals(List.of("7"), TestData.column(file, "SELECT point_count FROM metrics_rollup_1m"
                    + " WHERE bucket_start = " + (DAY0 + 30 * MINUTE)), "the late point in its minute's row");
            while (store.workWhileIdle()) {
                // step after step
            }
            assertEquals(List.of(List.of(Long.toString(DAY0 + 99 * MINUTE), "null"),
                    List.of(Long.toString(DAY0), "null")), nullsAsText(TestData.rows(file, RANGES)));
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void liteObsWriterThread_rollsUpRawMinutesOfSeveralPointsAMinute_onceNothingWaits() throws Exception {
        Path file = dir.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            for (long offset = 3; offset < MINUTE; offset += 10_000) {
                for (MetricPoint point : everyMinute("h0", 0, 10, offset)) {
                    obs.metrics().record("latency", point.value(), null, point.labels(), point.timestampMillis());
                }
            }
            Await.until("minutes 0 to 8 rolled up", () -> List.of(List.of(Long.toString(DAY0 + 9 * MINUTE), "null"))
                    .equals(nullsAsText(rows(file, RANGES))));
            assertEquals(List.of("9", "54"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"
                    + " UNION ALL SELECT sum(point_count) FROM metrics_rollup_1m"));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void moreThanThePointsAMinuteBound_endsTheRawMinutesThere_andRollsUpTheSeriesFromThatMinuteOn() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(batchOf(everyMinute("h0", 0, 60, 7)));
            // the newest minute gets the bound's points and one more, then the series has that many a minute; and a
            // late point into minute 30, which stays a raw minute of two points
            int dense = RawMinutes.MAX_POINTS_A_MINUTE + 1;
            List<MetricPoint> denser = new ArrayList<>();
            for (int i = 1; i < dense; i++) {
                denser.add(point("latency", i % 9, DAY0 + 59 * MINUTE + 7 + i * (MINUTE - 7) / dense, "host", "h0"));
            }
            for (int i = 0; i < dense; i++) {
                denser.addAll(everyMinute("h0", 60, 10, i * MINUTE / dense));
            }
            denser.sort((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()));
            store.write(batchOf(denser));
            store.write(batchOf(List.of(point("latency", 77, DAY0 + 30 * MINUTE + 1, "host", "h0"))));

            assertEquals(List.of(List.of(Long.toString(DAY0), Long.toString(DAY0 + 59 * MINUTE))),
                    TestData.rows(file, RANGES));
            assertEquals(List.of(Long.toString(DAY0 + 59 * MINUTE)),
                    TestData.column(file, "SELECT min(bucket_start) FROM metrics_rollup_1m"));
            assertEquals(List.of("11", Integer.toString(11 * dense)), TestData.column(file, "SELECT count(*) FROM"
                    + " metrics_rollup_1m UNION ALL SELECT sum(point_count) FROM metrics_rollup_1m"));
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
            assertFalse(store.workWhileIdle(), "the raw minutes before held a point a minute, but minute 30");
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void aNewSeriesWithMoreThanThePointsAMinuteBoundInItsFirstMinute_keepsMinuteRowsFromTheStart() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                points.add(point("latency", i % 13, DAY0 + i * 500L, "host", "h0"));
            }
            store.write(batchOf(points));
            assertEquals(List.of(List.of(Long.toString(DAY0), Long.toString(DAY0))), TestData.rows(file, RANGES),
                    "no raw minutes");
            assertEquals(List.of("10"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"));
            assertTieredEqualsRaw(store, Duration.ofMinutes(5));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void rawRetention_rollsUpTheRawMinutesItDeletes_fromTheMinuteTiersHorizonOn() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            List<MetricPoint> points = new ArrayList<>(everyMinute("h0", 0, 2 * 1_440, 11));
            points.addAll(everyMinute("h1", 0, 2 * 1_440, 40_000));
            store.write(batchOf(points));
            DownsampleQuery fiveMinutes = query(Duration.ofMinutes(5), Aggregation.AVG);
            DownsampleQuery lastPerMinute = query(Duration.ofMinutes(1), Aggregation.LAST);
            List<SeriesPoint> fiveMinutesBefore = store.downsample(fiveMinutes);
            List<SeriesPoint> lastBefore = store.downsample(lastPerMinute);

            // the minute tier keeps what starts from 6:00 on, raw points what is younger than a day and 17 ms
            while (store.deleteRollupsOlderThan(RollupTier.MINUTE, DAY0 + 6 * HOUR, 1_000) == 1_000) {
                // chunk after chunk
            }
            long rawCutoff = DAY0 + DAY + 17;
            long deleted = 0;
            for (long chunk = 1_000; chunk == 1_000; deleted += chunk) {
                chunk = store.deleteOlderThan(DataKind.METRICS, rawCutoff, 1_000);
            }
            assertEquals(2 * 1_440 + 1, deleted, "both hosts' first day, and h0's point at the cutoff's minute");

            // both hosts' minutes from 6:00 to the minute after the cutoff are rows now; the raw minutes begin there
            assertEquals(List.of(Long.toString(DAY0 + 6 * HOUR), Long.toString(2 * (18 * 60 + 1))),
                    TestData.column(file, "SELECT min(bucket_start) FROM metrics_rollup_1m UNION ALL"
                            + " SELECT count(*) FROM metrics_rollup_1m"));
            String rawFrom = Long.toString(DAY0 + DAY + MINUTE);
            assertEquals(List.of(List.of(rawFrom, "null"), List.of(rawFrom, "null")),
                    nullsAsText(TestData.rows(file, RANGES)));
            assertSameAnswer(fiveMinutesBefore.stream().filter(bucket -> bucket.timestampMillis() >= DAY0 + 6 * HOUR)
                    .toList(), store.downsample(fiveMinutes), "five minutes, from the minute tier's horizon on");
            assertSameAnswer(lastBefore.stream().filter(bucket -> bucket.timestampMillis() >= DAY0 + 6 * HOUR)
                    .toList(), store.downsample(lastPerMinute), "each minute's last value");
        }
    }

    @Test
    void aSeriesWhoseRawMinutesAnotherStoreEnded_isRolledUpByTheFirstStoreFromItsNextBatch() throws Exception {
        Path file = dir.resolve("obs.db");
        try (SqliteStore first = SqliteStore.open(file); SqliteStore second = SqliteStore.open(file)) {
            first.write(batchOf(everyMinute("h0", 0, 10, 5)));
            // the second store gives minute 9 more points than the bound: the series' raw minutes end there
            List<MetricPoint> dense = new ArrayList<>();
            for (int i = 0; i <= RawMinutes.MAX_POINTS_A_MINUTE; i++) {
                dense.add(point("latency", 40 + i, DAY0 + 9 * MINUTE + 30_000 + i, "host", "h0"));
            }
            second.write(batchOf(dense));
            assertEquals(List.of(List.of(Long.toString(DAY0), Long.toString(DAY0 + 9 * MINUTE))),
                    TestData.rows(file, RANGES));
            // the first store still has the series cached: its next points must go to rows all the same
            first.write(batchOf(everyMinute("h0", 10, 10, 5)));
            assertEquals(List.of("11"), TestData.column(file, "SELECT count(*) FROM metrics_rollup_1m"));
            assertTieredEqualsRaw(first, Duration.ofMinutes(1), Duration.ofMinutes(5));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void aVersion7File_keepsItsRows_andItsSeriesTakeRawMinutesAfterItsNewestPoint() throws Exception {
        Path file = dir.resolve("obs.db");
        long first = DAY0 + 5 * MINUTE + 1;
        long newest = DAY0 + 2 * HOUR + 30 * MINUTE + 7;
        RollupChecks.writeRolledUpFile(file, 7, first, newest);
        long rawFrom = newest - Math.floorMod(newest, MINUTE) + MINUTE;

        try (SqliteReader older = SqliteReader.open(file)) {
            // read as it is, from its rows
            assertEquals(List.of(new SeriesPoint(first - Math.floorMod(first, MINUTE), 3, 1),
                    new SeriesPoint(newest - Math.floorMod(newest, MINUTE), 5, 1)),
                    older.downsample(DownsampleQuery.builder("latency")
                            .range(TimeRange.between(Instant.ofEpochMilli(DAY0), Instant.ofEpochMilli(DAY0 + DAY)))
                            .step(Duration.ofMinutes(1)).aggregation(Aggregation.AVG).build()));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of(List.of(Long.toString(rawFrom), "null")), nullsAsText(TestData.rows(file, RANGES)));
            // a late point into the newest minute goes to its row; the minutes after it are raw minutes
            List<MetricPoint> points = new ArrayList<>(List.of(point("latency", 9, newest + 1, "host", "h0")));
            points.addAll(everyMinute("h0", (rawFrom - DAY0) / MINUTE, 30, 3));
            store.write(batchOf(points));
            assertEquals(List.of(List.of(Long.toString(first - Math.floorMod(first, MINUTE)), "1"),
                    List.of(Long.toString(newest - Math.floorMod(newest, MINUTE)), "2")), TestData.rows(file,
                    "SELECT bucket_start, point_count FROM metrics_rollup_1m ORDER BY 1"));
            assertTieredEqualsRaw(store, Duration.ofMinutes(1), Duration.ofHours(1));
        }
        assertRollupsEqualThePoints(file);
    }

    @Test
    void sparseDenseAndChangingSeries_writtenByTwoStoresInRandomBatches_answerAsFromTheirPoints() throws Exception {
        Random random = new Random(8);
        for (int round = 0; round < 8; round++) {
            Path file = dir.resolve("round-" + round + ".db");
            List<MetricPoint> points = new ArrayList<>();
            for (int host = 0; host < 4; host++) {
                // a point a minute, several a minute, or a point a minute that turns denser half way, up to more
                // than the writer keeps as raw minutes
                int kind = random.nextInt(3);
                int most = random.nextBoolean() ? 4 : RawMinutes.MAX_POINTS_A_MINUTE + 10;
                for (int minute = 0; minute < 240; minute++) {
                    int perMinute = kind == 1 || kind == 2 && minute > 120 ? 1 + random.nextInt(most) : 1;
                    for (int i = 0; i < perMinute; i++) {
                        points.add(point("latency", random.nextInt(1_000) - 200, DAY0 + minute * MINUTE
                                + random.nextInt((int) MINUTE), "host", "h" + host));
                    }
                }
            }
            points.sort((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()));
            // a few late points, moved back by up to an hour
            for (int late = 0; late < 20; late++) {
                int i = random.nextInt(points.size());
                MetricPoint point = points.get(i);
                points.set(i, point("latency", point.value(), point.timestampMillis() - random.nextInt((int) HOUR),
                        "host", point.labels().asMap().get("host")));
            }
            try (SqliteStore one = SqliteStore.open(file); SqliteStore other = SqliteStore.open(file)) {
                for (int from = 0; from < points.size(); ) {
                    int to = Math.min(points.size(), from + 1 + random.nextInt(300));
                    SqliteStore writer = random.nextInt(4) == 0 ? other : one;
                    writer.write(batchOf(points.subList(from, to)));
                    if (random.nextInt(5) == 0) {
                        // idle time, for a step or for as long as there is work
                        boolean more = writer.workWhileIdle();
                        while (more && random.nextBoolean()) {
                            more = writer.workWhileIdle();
                        }
                    }
                    from = to;
                }
                for (int query = 0; query < 15; query++) {
                    long step = MINUTE * (1 + random.nextInt(random.nextBoolean() ? 5 : 120));
                    long from = DAY0 - HOUR + random.nextLong(5 * HOUR);
                    long to = from + 1 + random.nextLong(5 * HOUR);
                    for (Aggregation aggregation : Aggregation.values()) {
                        DownsampleQuery downsample = DownsampleQuery.builder("latency")
                                .labels(random.nextBoolean() ? Labels.of("host", "h" + random.nextInt(4))
                                        : Labels.empty())
                                .range(TimeRange.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
                                .step(Duration.ofMillis(step)).aggregation(aggregation).build();
                        assertSameAnswer(one.read("raw", connection -> MetricQueries.downsampleRaw(connection,
                                downsample)), (random.nextBoolean() ? one : other).downsample(downsample),
                                downsample.toString());
                    }
                }
            }
            assertRollupsEqualThePoints(file);
        }
    }

    /** One point of the host every minute from {@code DAY0 + firstMinute} on, {@code offset} ms into the minute. */
    private static List<MetricPoint> everyMinute(String host, long firstMinute, int minutes, long offset) {
        List<MetricPoint> points = new ArrayList<>();
        for (long minute = firstMinute; minute < firstMinute + minutes; minute++) {
            points.add(point("latency", minute % 17 + offset % 7, DAY0 + minute * MINUTE + offset, "host", host));
        }
        return points;
    }

    private static DownsampleQuery query(Duration step, Aggregation aggregation) {
        return DownsampleQuery.builder("latency")
                .range(TimeRange.between(Instant.ofEpochMilli(DAY0), Instant.ofEpochMilli(DAY0 + 2 * DAY)))
                .step(step).aggregation(aggregation).build();
    }

    private static List<List<String>> rows(Path file, String query) {
        try {
            return TestData.rows(file, query);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> nullsAsText(List<List<String>> rows) {
        return rows.stream().map(row -> Arrays.stream(row.toArray(String[]::new)).map(String::valueOf).toList())
                .toList();
    }
}
