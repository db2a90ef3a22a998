package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.Aggregation;
import io.liteobs.DownsampleQuery;
import io.liteobs.RollupTier;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the rollups' tests check of a file: its tiers against its points, and answers from tiers against raw ones. */
final class RollupChecks {

    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    /** A start on a whole day, so that tier buckets and steps line up with it. */
    static final long DAY0 = Math.floorDiv(T0, 86_400_000L) * 86_400_000L;

    /** SQL over a point {@code t}: whether it lies outside its series' raw minutes, where the minute tier holds it. */
    private static final String POINTS_OUTSIDE_RAW_MINUTES = "NOT EXISTS (SELECT 1 FROM metrics_metadata m"
            + " WHERE m.series_id = t.series_id AND t.timestamp >= m.raw_minutes_from"
            + " AND t.timestamp < coalesce(m.raw_minutes_until, 9223372036854775807))";

    private RollupChecks() {
    }

    /**
     * Every bucket of every tier holds the aggregates of its points, read back from the points: the same buckets,
     * counts, extremes and last values, and sums equal up to the rounding of values added in another order. The
     * minute tier holds no point of its series' raw minutes.
     */
    static void assertRollupsEqualThePoints(Path file) throws Exception {
        for (RollupTier tier : RollupTier.values()) {
            long width = tier.bucketMillis();
            String rolledUp = tier == RollupTier.MINUTE ? POINTS_OUTSIDE_RAW_MINUTES : "true";
            List<List<String>> expected = TestData.rows(file, """
                    SELECT series_id, timestamp - timestamp %% %1$d, count(*), sum(value), min(value), max(value),
                           (SELECT value FROM metrics_timeseries l WHERE l.series_id = t.series_id
                            AND l.timestamp - l.timestamp %% %1$d = t.timestamp - t.timestamp %% %1$d
                            ORDER BY l.timestamp DESC, l.seq DESC LIMIT 1), max(timestamp)
                    FROM metrics_timeseries t WHERE %2$s GROUP BY 1, 2 ORDER BY 1, 2""".formatted(width, rolledUp));
            List<List<String>> actual = TestData.rows(file, "SELECT series_id, bucket_start, point_count, value_sum,"
                    + " value_min, value_max, last_value, last_timestamp FROM " + Schema.tableOf(tier)
                    + " ORDER BY 1, 2");
            assertEquals(withoutSums(expected), withoutSums(actual), tier.toString());
            for (int row = 0; row < expected.size(); row++) {
                double sum = Double.parseDouble(expected.get(row).get(3));
                assertEquals(sum, Double.parseDouble(actual.get(row).get(3)), Math.abs(sum) * 1e-12,
                        tier + " sum of " + expected.get(row));
            }
        }
    }

    /**
     * Writes a file of that schema version holding one series, {@code latency} of host h0, with two points, 3 at
     * {@code first} and 5 at {@code second}, each in the rows of both tiers, which are kept from forever: a file
     * written with its rollups, as releases of schema version 6 and later write them.
     */
    static void writeRolledUpFile(Path file, int version, long first, long second) throws SQLException {
        List<String> rows = new ArrayList<>(List.of(
                "INSERT INTO metrics_metadata (series_id, name, labels, type, first_seen, last_seen) VALUES"
                        + " (1, 'latency', '{\"host\":\"h0\"}', 'gauge', " + first + ", " + second + ")",
                "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES (1, " + first + ", 0, 3),"
                        + " (1, " + second + ", 0, 5)",
                "INSERT INTO _observability_metadata (key, value) VALUES"
                        + " ('rollups_complete_from:metrics_rollup_1m', '" + Long.MIN_VALUE + "'),"
                        + " ('rollups_complete_from:metrics_rollup_1h', '" + Long.MIN_VALUE + "')"));
        for (RollupTier tier : RollupTier.values()) {
            long width = tier.bucketMillis();
            rows.add("INSERT INTO " + Schema.tableOf(tier) + " VALUES (1, " + (first - Math.floorMod(first, width))
                    + ", 1, 3, 3, 3, 3, " + first + "), (1, " + (second - Math.floorMod(second, width))
                    + ", 1, 5, 5, 5, 5, " + second + ")");
        }
        TestData.writeFileAtVersion(file, version, rows.toArray(String[]::new));
    }

    private static List<List<String>> withoutSums(List<List<String>> rows) {
        return rows.stream().map(row -> {
            List<String> copy = new ArrayList<>(row);
            copy.remove(3);
            return copy;
        }).toList();
    }

    /** Every aggregation of {@code latency} at each step over two days from {@link #DAY0} answers as raw points do. */
    static void assertTieredEqualsRaw(SqliteStore store, Duration... steps) {
        for (Duration step : steps) {
            for (Aggregation aggregation : Aggregation.values()) {
                DownsampleQuery query = DownsampleQuery.builder("latency")
                        .range(TimeRange.between(Instant.ofEpochMilli(DAY0 - 7 * MINUTE),
                                Instant.ofEpochMilli(DAY0 + 2 * 86_400_000L + 11)))
                        .step(step).aggregation(aggregation).build();
                assertSameAnswer(store.read("raw", connection -> MetricQueries.downsampleRaw(connection, query)),
                        store.downsample(query), step + " " + aggregation);
            }
        }
    }

    /** The same buckets and counts; values equal up to the rounding of sums added in another order. */
    static void assertSameAnswer(List<SeriesPoint> expected, List<SeriesPoint> actual, String what) {
        assertEquals(expected.stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples()).toList(),
                actual.stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples()).toList(), what);
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).value();
            assertEquals(want, actual.get(i).value(), Math.abs(want) * 1e-9 + 1e-9, what + " at bucket " + i);
        }
    }
}
