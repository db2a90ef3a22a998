package io.liteobs.benchmarks;

import io.liteobs.DataKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harnesses on tiny tables, so that they keep working; the figures themselves are not checked here. */
class HarnessSmokeTest {

    @TempDir
    Path dir;

    @Test
    void ingestHarness_measuresEveryKindThroughTheLibraryAndRaw() throws Exception {
        List<IngestHarness.Result> results = IngestHarness.run(
                IngestHarness.Options.parse("--rows", "20000", "--series", "300", "--rounds", "2"), dir);
        assertEquals(List.of("metrics", "audit", "events"), results.stream().map(IngestHarness.Result::kind).toList());
        for (IngestHarness.Result result : results) {
            assertTrue(result.libraryRowsPerSecond() > 0 && result.rawRowsPerSecond() > 0, result.toString());
            assertTrue(result.bytesPerRow() > 0, result.toString());
            assertEquals(2, result.ratios().length, "one ratio per round");
        }
    }

    @Test
    void ingestHarness_rawMetricOrder_takesEveryRowOnce_seriesBySeries_inTimeOrder() {
        long[] rows = IngestHarness.bySeries(3).rows(10, 20);
        // rows 10..19 of 3 series: series 0 holds 12, 15, 18; series 1 holds 10, 13, 16, 19; series 2 11, 14, 17
        assertArrayEquals(new long[] {12, 15, 18, 10, 13, 16, 19, 11, 14, 17}, rows);
    }

    @Test
    void queryHarness_buildsItsTables_andEveryQueryFindsRows() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("queries.db"))) {
            QueryHarness.writePoints(store, 100_000, QueryHarness.END);
            QueryHarness.writeAudit(store, 10_000);
            QueryHarness.writeHeartbeats(store, QueryHarness.END);
            QueryHarness.report(store, 100_000, 10_000);
            assertEquals(QueryHarness.WORKERS, store.latestHeartbeats().size());
            assertEquals(100_000, store.rowCounts().get(DataKind.METRICS));
        }
    }

    @Test
    void httpHarness_measuresStatisticsAndIngestThroughTheLibraryAndRaw() throws Exception {
        try (BenchFiles files = BenchFiles.temporary(dir)) {
            HttpHarness.statistics(files, 20_000);
            double[] medians = HttpHarness.ingest(files, 5_000);
            assertTrue(medians[0] > 0 && medians[1] > 0, () -> Arrays.toString(medians));
        }
    }
}
