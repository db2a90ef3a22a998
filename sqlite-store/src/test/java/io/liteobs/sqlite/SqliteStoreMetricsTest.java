package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.MetricDescription;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric storage that only SQLite has: stored data it cannot read, last-seen resolution, files shared or reopened. */
class SqliteStoreMetricsTest {

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

    @Test
    void unreadableStoredSeries_isAStoreException() throws Exception {
        store.write(batch(point("latency", 1, T0)));
        TestData.execute(file, "UPDATE metrics_metadata SET type = 'histogram-of-the-future'");

        StoreException refused = assertThrows(StoreException.class, () -> store.findMetricMetadata(null));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
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
}
