package io.liteobs.benchmarks;

import io.liteobs.HeartbeatWriter;
import io.liteobs.common.internal.JvmRuntime;
import io.liteobs.memory.InMemoryStore;
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
 * The cost of the JVM runtime snapshot each heartbeat carries (threads, heap, non-heap, GC, process CPU load,
 * uptime), and of the two system calls it is built around for comparison; and the cost of
 * {@link HeartbeatWriter#progress()}, which a worker calls on every pass of its loop.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HeartbeatBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeartbeatBenchmark {

    /** A heartbeat writer over the in-memory store, not started: progress() costs the same either way. */
    @State(Scope.Benchmark)
    public static class Worker {
        HeartbeatWriter heartbeat;

        @Setup(Level.Trial)
        public void open() {
            heartbeat = HeartbeatWriter.builder(InMemoryStore.create(), "benchmark-worker").build();
        }

        @TearDown(Level.Trial)
        public void close() {
            heartbeat.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void progress(Worker worker) {
        worker.heartbeat.progress();
    }

    @Benchmark
    public JvmRuntime.Snapshot jvmSnapshot() {
        return JvmRuntime.snapshot();
    }

    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
