package io.liteobs.benchmarks;

import io.liteobs.common.internal.JvmRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the JVM runtime snapshot each heartbeat carries (threads, heap, non-heap, GC, process CPU load,
 * uptime), and of the two system calls it is built around for comparison.
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

    @Benchmark
    public JvmRuntime.Snapshot jvmSnapshot() {
        return JvmRuntime.snapshot();
    }

    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
