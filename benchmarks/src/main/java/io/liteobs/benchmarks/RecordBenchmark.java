package io.liteobs.benchmarks;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.RecorderOptions;
import io.liteobs.WriterOptions;
import io.liteobs.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * {@link ArrayBlockingQueue#offer} of an object of the same size whose consumer thread drains it as the writer
 * drains the recorders: it parks until the queue holds a batch or the flush interval passes, and the first
 * producer to find it parked with a batch waiting wakes it, once. Run with 1, 2 and 4 threads ({@code -t}) and
 * {@code -prof gc} for the allocation per call; {@link RecordingReport} does all of it and prints the ratios.
 *
 * <p>Every benchmark counts the calls whose entry was not queued ({@link Failures#failedOffers}, a JMH auxiliary
 * counter, summed over the iteration): with more threads than cores, a queue can fill, and a call that drops is
 * cheaper than one that queues, so a cost is read beside how many calls failed.
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
     * The library over an in-memory store that keeps nothing, with the default queues and writer: what is left to
     * measure is the recording call itself.
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

    /**
     * A bounded blocking queue of the metrics queue's default capacity, drained by one consumer thread that waits
     * as the library's writer does: parked until a batch ({@link WriterOptions#DEFAULT_BATCH_SIZE} entries) waits
     * or the flush interval passes, woken by the first producer that finds it parked with a batch waiting, or with
     * the queue full. What the consumer drains, up to {@link WriterOptions#DEFAULT_MAX_BATCH_SIZE} at a time, goes to
     * its {@link BatchSink}: thrown away by the benchmark's baseline, written to a file by
     * {@link RecordCpuHarness}'s like-for-like one. Stopped, it drains and hands on what is left, as the writer does
     * on close.
     */
    @State(Scope.Benchmark)
    public static class Baseline {
        private static final int BATCH = Math.min(WriterOptions.DEFAULT_BATCH_SIZE,
                RecorderOptions.METRICS_DEFAULT.queueCapacity() / 2);
        private static final long FLUSH_INTERVAL_NANOS = WriterOptions.DEFAULT_FLUSH_INTERVAL.toNanos();
        /** The consumer thread's name. */
        static final String CONSUMER = "baseline-consumer";

        final ArrayBlockingQueue<Sample> queue = new ArrayBlockingQueue<>(RecorderOptions.METRICS_DEFAULT.queueCapacity());
        private final AtomicBoolean parked = new AtomicBoolean();
        private final BatchSink sink;
        private volatile boolean running = true;
        private volatile @Nullable Exception failure;
        // start() sets it, before any offer
        @SuppressWarnings("NullAway.Init")
        private Thread consumer;

        /** The drain-only baseline: what the consumer drains is thrown away. */
        public Baseline() {
            this(batch -> { });
        }

        /** @param sink what the consumer does with each batch it drains, on its own thread */
        Baseline(BatchSink sink) {
            this.sink = sink;
        }

        /** What the consumer does with a batch it drained; the list is cleared after the call. */
        @FunctionalInterface
        interface BatchSink {
            void write(List<Sample> batch) throws Exception;
        }

        @Setup(Level.Trial)
        public void start() {
            consumer = new Thread(() -> {
                List<Sample> batch = new ArrayList<>(WriterOptions.DEFAULT_MAX_BATCH_SIZE);
                try {
                    while (running) {
                        if (queue.size() < BATCH) {
                            parked.set(true);
                            // checked again once 'parked' is visible, so that a wake-up sent meanwhile is not lost
                            if (queue.size() < BATCH && running) {
                                LockSupport.parkNanos(this, FLUSH_INTERVAL_NANOS);
                            }
                            parked.set(false);
                        }
                        drainInto(batch);
                    }
                    while (drainInto(batch) > 0) {
                        // what was queued before the stop is handed on, as the writer drains its queues on close
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, CONSUMER);
            consumer.setDaemon(true);
            consumer.start();
        }

        private int drainInto(List<Sample> batch) throws Exception {
            int drained = queue.drainTo(batch, WriterOptions.DEFAULT_MAX_BATCH_SIZE);
            if (drained > 0) {
                sink.write(batch);
                batch.clear();
            }
            return drained;
        }

        boolean offer(Sample sample) {
            boolean queued = queue.offer(sample);
            // one wake-up per park, as the writer is woken; a full queue wakes it too
            if (parked.get() && (!queued || queue.size() >= BATCH) && parked.compareAndSet(true, false)) {
                LockSupport.unpark(consumer);
            }
            return queued;
        }

        /**
         * Stops the consumer once it has handed on everything queued.
         *
         * @throws IllegalStateException when the sink failed, with its exception as the cause
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(consumer);
            consumer.join();
            Exception failed = failure;
            if (failed != null) {
                throw new IllegalStateException("the baseline's consumer failed: " + failed, failed);
            }
        }
    }

    /** Calls of one benchmark thread whose entry was not queued, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Failures {
        public long failedOffers;

        @Setup(Level.Iteration)
        public void reset() {
            failedOffers = 0;
        }

        boolean count(boolean queued) {
            if (!queued) {
                failedOffers++;
            }
            return queued;
        }
    }

    /** What stamping a call with the time costs, for scale: every recording call reads the clock once. */
    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Benchmark
    public boolean arrayBlockingQueueOffer(Baseline baseline, Failures failures) {
        return failures.count(baseline.offer(new Sample(METRIC, 12.5, LABELS, System.currentTimeMillis())));
    }

    @Benchmark
    public boolean metricRecord(Library library, Failures failures) {
        return failures.count(library.obs.metrics().record(METRIC, 12.5, LABELS));
    }

    @Benchmark
    public boolean metricRecordWithUnit(Library library, Failures failures) {
        return failures.count(library.obs.metrics().record(METRIC, 12.5, "ms", LABELS));
    }

    @Benchmark
    public boolean auditLogAsync(Library library, Failures failures) {
        return failures.count(library.obs.audit().logAsync(library.audit));
    }

    @Benchmark
    public boolean auditLogAsyncWithJson(Library library, Failures failures) {
        return failures.count(library.obs.audit().logAsync(library.auditWithJson));
    }

    @Benchmark
    public boolean eventRecord(Library library, Failures failures) {
        return failures.count(library.obs.events().record(library.event));
    }
}
