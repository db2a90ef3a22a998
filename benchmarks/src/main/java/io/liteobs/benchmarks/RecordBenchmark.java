package io.liteobs.benchmarks;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
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
 * The cost of one recording call of each recorder, with a store that discards what it is given, against a bare
 * {@link ArrayBlockingQueue#offer} of an object of the same size, drained by a consumer thread as the writer
 * drains the recorders. Run with 1, 2 and 4 threads ({@code -t}) and {@code -prof gc} for the allocation per call;
 * {@link RecordingReport} does all of it and prints the ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBenchmark {

    static final String METRIC = "http.server.requests";
    static final Labels LABELS = Labels.of("endpoint", "/orders", "method", "GET", "status", "200");

    /**
     * The library over an in-memory store that keeps nothing, with queues large enough that the writer keeps them
     * from filling: what is left to measure is the recording call itself.
     */
    @State(Scope.Benchmark)
    public static class Library {
        LiteObs obs;
        AuditEntry audit = AuditEntry.builder("orders", "create").userId("alice").requestId("r-1").build();
        BusinessEvent event = BusinessEvent.builder("order.created", "checkout").entity("order", "o-1").build();
        /** An entry of about 300 bytes, as the ingest harness writes: ids, parameters and result as JSON. */
        AuditEntry auditWithJson = AuditEntry.builder("orders", "create").userId("user-42").sessionId("sess-9f1c")
                .requestId("req-1001").parametersJson("{\"orderId\":\"o-1001\",\"sku\":\"SKU-17\",\"quantity\":2,"
                        + "\"currency\":\"EUR\"}").resultJson("{\"status\":\"accepted\",\"total\":42.5}").build();

        @Setup(Level.Trial)
        public void open() {
            obs = LiteObs.builder(InMemoryStore.builder().name("discarding").maxRowsPerKind(0).build()).build();
        }

        @TearDown(Level.Trial)
        public void close() {
            obs.close();
        }
    }

    /** The object the baseline offers: the same four fields as a metric point. */
    record Sample(String name, double value, Labels labels, long timestampMillis) {
    }

    /** A bounded blocking queue drained continuously by one consumer thread. */
    @State(Scope.Benchmark)
    public static class Baseline {
        final ArrayBlockingQueue<Sample> queue = new ArrayBlockingQueue<>(65_536);
        private volatile boolean running = true;
        private Thread consumer;

        @Setup(Level.Trial)
        public void start() {
            consumer = new Thread(() -> {
                List<Sample> sink = new ArrayList<>(8_192);
                while (running) {
                    if (queue.drainTo(sink, 8_192) == 0) {
                        Thread.onSpinWait();
                    }
                    sink.clear();
                }
            }, "baseline-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            consumer.join();
        }
    }

    @Benchmark
    public boolean arrayBlockingQueueOffer(Baseline baseline) {
        return baseline.queue.offer(new Sample(METRIC, 12.5, LABELS, System.currentTimeMillis()));
    }

    @Benchmark
    public boolean metricRecord(Library library) {
        return library.obs.metrics().record(METRIC, 12.5, LABELS);
    }

    @Benchmark
    public boolean metricRecordWithUnit(Library library) {
        return library.obs.metrics().record(METRIC, 12.5, "ms", LABELS);
    }

    @Benchmark
    public boolean auditLogAsync(Library library) {
        return library.obs.audit().logAsync(library.audit);
    }

    @Benchmark
    public boolean auditLogAsyncWithJson(Library library) {
        return library.obs.audit().logAsync(library.auditWithJson);
    }

    @Benchmark
    public boolean eventRecord(Library library) {
        return library.obs.events().record(library.event);
    }
}
