package io.liteobs.benchmarks;

import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recording call while another connection holds the database's write lock for the whole measurement: the
 * writer cannot commit, the queue fills, and every further call takes the overflow path. Sampled, so that JMH
 * reports the percentiles (p99.9 is the target).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LockedRecordBenchmark {

    /** A LiteObs over a real file whose write lock another connection holds. */
    @State(Scope.Benchmark)
    public static class LockedFile {
        Path dir;
        LiteObs obs;
        Connection locker;

        @Setup(Level.Trial)
        public void lock() throws Exception {
            dir = Files.createTempDirectory("liteobs-locked-");
            Path file = dir.resolve("locked.db");
            obs = LiteObs.builder(SqliteStore.open(file)).build();
            locker = BenchFiles.rawConnection(file);
            try (Statement statement = locker.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
        }

        @TearDown(Level.Trial)
        public void release() throws Exception {
            try (Statement statement = locker.createStatement()) {
                statement.execute("COMMIT");
            }
            locker.close();
            obs.close();
            BenchFiles.existing(dir).close();
        }
    }

    @Benchmark
    public boolean metricRecord(LockedFile locked) {
        return locked.obs.metrics().record(RecordBenchmark.METRIC, 12.5, RecordBenchmark.LABELS);
    }
}
