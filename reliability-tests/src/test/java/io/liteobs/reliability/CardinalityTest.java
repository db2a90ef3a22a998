package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricsManager;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label with unbounded values (a request id, say): a million distinct values on one metric. The series in the
 * file and in memory stop at the per-metric bound, every point past it is rejected and counted (and logged once),
 * the series already open keep recording, and the heap after GC does not grow with the number of values.
 */
class CardinalityTest {

    @TempDir
    Path dir;

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aMillionDistinctLabelValues_onOneMetric_storeAndRememberOnlyTheBound() throws Exception {
        Path file = dir.resolve("cardinality.db");
        int values = Suite.rounds(1_000_000, 5_000_000);
        int bound = MetricsManager.DEFAULT_MAX_SERIES_PER_METRIC;
        long before;
        long after;
        RecorderStats stats;
        LogFile log = LogFile.mark();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10)))
                .metrics(RecorderOptions.of(1 << 16, OverflowPolicy.BLOCK).withMaxWait(Duration.ofSeconds(30)))
                .build()) {
            obs.metrics().record("steady", 1, Labels.of("region", "eu"));
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            before = usedAfterGc();
            for (int i = 0; i < values; i++) {
                obs.metrics().record("requests", 1, Labels.of("request_id", "r-" + i));
                if (i % 100_000 == 0) {
                    obs.metrics().record("steady", 1, Labels.of("region", "eu"));
                }
            }
            assertTrue(obs.flush(Duration.ofSeconds(60)));
            after = usedAfterGc();
            stats = obs.metrics().stats();
        }
        int steadyPoints = 1 + (values + 99_999) / 100_000;
        System.out.printf("%,d values: %s; heap after GC %,d -> %,d bytes%n", values, stats, before, after);
        assertEquals(new RecorderStats("metrics", values + steadyPoints, bound + steadyPoints, 0, values - bound, 0,
                0), stats);
        assertEquals(bound, Db.count(file, "SELECT count(*) FROM metrics_metadata WHERE name = 'requests'"));
        assertEquals(bound, Db.count(file, "SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'requests'"));
        assertEquals(steadyPoints, Db.count(file, "SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'steady'"), "the open series kept recording");
        assertEquals(1, log.linesContaining("refused: the metric already has").size(),
                "the warning naming the metric is logged once, not a million times");
        // a million label sets held in memory would take well over 100 MB
        assertTrue(after - before < (32L << 20), "heap grew by " + (after - before) + " bytes");
    }
}
