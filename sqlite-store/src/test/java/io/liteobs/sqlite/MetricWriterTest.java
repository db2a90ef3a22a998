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
        MetricWriter metrics = new MetricWriter(file, 2);
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
        MetricWriter metrics = new MetricWriter(file, 2);
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
}
