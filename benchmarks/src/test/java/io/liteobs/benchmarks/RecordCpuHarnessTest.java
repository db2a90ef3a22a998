package io.liteobs.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.Labels;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The like-for-like baseline's hand-written writer stores what it is given, as the library would. */
class RecordCpuHarnessTest {

    private static final long MILLIS = Workload.START_MILLIS;
    private static final Labels OTHER = Labels.of("endpoint", "/other");

    @TempDir
    Path dir;

    @Test
    void rawPointWriter_storesEveryPoint_pointsOfOneMillisecondAndLateOnesIncluded_andEachSeriesOnce()
            throws Exception {
        try (BenchFiles files = BenchFiles.temporary(dir)) {
            Path file = files.newFile("queue", true);
            try (RecordCpuHarness.RawPointWriter writer = new RecordCpuHarness.RawPointWriter(file)) {
                writer.write(batch(point(RecordBenchmark.LABELS, MILLIS + 1), point(OTHER, MILLIS),
                        point(RecordBenchmark.LABELS, MILLIS), point(RecordBenchmark.LABELS, MILLIS + 1)));
                // stamped before a millisecond already written: its thread read the clock, then queued late
                writer.write(batch(point(RecordBenchmark.LABELS, MILLIS), point(RecordBenchmark.LABELS, MILLIS + 2)));
                assertEquals(6, writer.rowsWritten());
            }
            assertEquals(6, count(file, "SELECT count(*) FROM metrics_timeseries"));
            assertEquals(2, count(file, "SELECT count(*) FROM metrics_metadata"));
            assertEquals(3, count(file, "SELECT count(*) FROM metrics_timeseries WHERE timestamp = " + MILLIS),
                    "both points of the first millisecond of the recorded series, and the other series' one");
        }
    }

    private static RecordBenchmark.Sample point(Labels labels, long timestampMillis) {
        return new RecordBenchmark.Sample(RecordBenchmark.METRIC, 12.5, labels, timestampMillis);
    }

    /** A drained batch, as the consumer hands it on: a list it clears afterwards. */
    private static List<RecordBenchmark.Sample> batch(RecordBenchmark.Sample... samples) {
        return new ArrayList<>(List.of(samples));
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection connection = BenchFiles.rawConnection(file);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
