package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

class MetricWriterTest {

    @TempDir
    Path dir;

    @Test
    void seriesCache_evictsTheSeriesUsedLongestAgo_notTheOneWrittenEveryBatch() throws Exception {
        Path file = dir.resolve("obs.db");
        MetricWriter metrics = new MetricWriter(file, 2, new Rollups());
        MetricWriter.SeriesKey hot = new MetricWriter.SeriesKey("requests", Labels.of("shard", "hot"));
        try (WriteConnection writer = WriteConnection.open(file, new SQLiteConfig(), Duration.ofSeconds(1))) {
            Migrations.migrate(writer);
            for (int cold = 0; cold < 5; cold++) {
                List<MetricPoint> points = List.of(point("requests", 1, T0 + cold, "shard", "hot"),
                        point("requests", 1, T0 + cold, "shard", "cold-" + cold));
                writer.inTransaction("write", session -> {
                    metrics.insert(session, points, new ArrayList<>());
                    return null;
                });
                assertTrue(metrics.caches(hot), "the series written in every batch stays in memory");
                assertEquals(2, metrics.cachedSeries());
            }
        }
    }

    @Test
    void seriesCache_staysWithinItsBound_andEvictedSeriesAreFoundAgainNotDuplicated() throws Exception {
        Path file = dir.resolve("obs.db");
        MetricWriter metrics = new MetricWriter(file, 2, new Rollups());
        try (WriteConnection writer = WriteConnection.open(file, new SQLiteConfig(), Duration.ofSeconds(1))) {
            Migrations.migrate(writer);
            for (int round = 0; round < 3; round++) {
                List<MetricPoint> points = new ArrayList<>();
                for (int series = 0; series < 5; series++) {
                    points.add(point("requests", series, T0 + round, "shard", Integer.toString(series)));
                }
                writer.inTransaction("write", session -> {
                    metrics.insert(session, points, new ArrayList<>());
                    return null;
                });
                assertEquals(2, metrics.cachedSeries());
            }
        }
        assertEquals(List.of("5"), TestData.column(file, "SELECT count(*) FROM metrics_metadata"));
        assertEquals(List.of("15"), TestData.column(file, "SELECT count(*) FROM metrics_timeseries"));
        assertEquals(List.of("3"), TestData.column(file,
                "SELECT DISTINCT count(*) FROM metrics_timeseries GROUP BY series_id"));
    }

    @Test
    void insert_writesTheBatchInSeriesAndTimeOrder_keepingTheArrivalOrderOfOneMillisecond() throws Exception {
        Path file = dir.resolve("obs.db");
        MetricWriter metrics = new MetricWriter(file, MetricWriter.MAX_CACHED_SERIES, new Rollups());
        try (WriteConnection writer = WriteConnection.open(file, new SQLiteConfig(), Duration.ofSeconds(1))) {
            Migrations.migrate(writer);
            // series a, b, c get ids 1, 2, 3 in this order; then a batch interleaves them, with b out of time order
            writer.inTransaction("create the series", session -> {
                metrics.insert(session, List.of(point("requests", 0, T0, "shard", "a"),
                        point("requests", 0, T0, "shard", "b"), point("requests", 0, T0, "shard", "c")),
                        new ArrayList<>());
                return null;
            });
            TestData.execute(file, "CREATE TABLE insert_log (n INTEGER PRIMARY KEY, series_id, timestamp, seq, value)",
                    "CREATE TRIGGER log_point AFTER INSERT ON metrics_timeseries BEGIN INSERT INTO insert_log"
                            + " (series_id, timestamp, seq, value) VALUES (new.series_id, new.timestamp, new.seq,"
                            + " new.value); END");
            List<MetricPoint> points = List.of(
                    point("requests", 1, T0 + 20, "shard", "c"),
                    point("requests", 2, T0 + 30, "shard", "b"),
                    point("requests", 3, T0 + 10, "shard", "a"),
                    point("requests", 4, T0 + 10, "shard", "b"),
                    point("requests", 5, T0 + 10, "shard", "c"),
                    point("requests", 6, T0 + 30, "shard", "b"),
                    point("requests", 7, T0 + 20, "shard", "a"),
                    point("requests", 8, T0 + 20, "shard", "b"));
            writer.inTransaction("write", session -> {
                metrics.insert(session, points, new ArrayList<>());
                return null;
            });
        }
        assertEquals(List.of(
                        List.of("1", "10", "0", "3.0"), List.of("1", "20", "0", "7.0"),
                        List.of("2", "10", "0", "4.0"), List.of("2", "20", "0", "8.0"),
                        List.of("2", "30", "0", "2.0"), List.of("2", "30", "1", "6.0"),
                        List.of("3", "10", "0", "5.0"), List.of("3", "20", "0", "1.0")),
                TestData.rows(file, "SELECT series_id, timestamp - " + T0 + ", seq, value FROM insert_log ORDER BY n"),
                "one batch's points are inserted by series, then time; two of one millisecond in the order they came");
    }
}
