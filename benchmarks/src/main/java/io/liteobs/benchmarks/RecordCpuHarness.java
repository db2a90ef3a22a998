package io.liteobs.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;

/**
 * The recording call's cost in CPU time of the recording threads, for a machine too busy for wall-clock figures:
 * where {@link RecordBenchmark} times calls by the clock on the wall, so that a thread descheduled by other work
 * counts against the call, this counts only the time the recording threads ran ({@link ThreadMXBean}), which another
 * process's load does not add to, and the bytes those threads allocate per call. The same calls as
 * {@link RecordBenchmark} (its states are reused): the baseline offer into a queue whose consumer parks as the
 * writer does and throws away what it drains, the metric record with and without a unit, an event, an audit entry
 * with ids only and one with JSON parameters and result, the recorders writing into a store that keeps nothing.
 * The calls alternate, round after round, and the harness prints the median and spread of each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RecordCpuHarness [--threads N] [--rounds N]
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RecordCpuHarness --sqlite \
 *     [--threads 1,2,4] [--rounds N] [--seconds N]
 * </pre>
 *
 * <p>{@code --sqlite} compares like for like, both sides bounded by the same SQLite work: producer threads record
 * metric points as fast as they can for {@code --seconds} (default {@value #DEFAULT_PHASE_SECONDS}) into a fresh
 * file, through the library with its defaults, and, by hand, into a bounded queue of the metrics queue's capacity
 * whose consumer parks and is woken as the writer is ({@link RecordBenchmark.Baseline}) and writes each batch it
 * drains as the ingest harness's raw ceiling does: sorted by series and time, through one prepared statement
 * ({@link RawInsert}), one transaction a batch. The drain-only queue runs too, as a reference for what the calls
 * cost when nothing waits on SQLite. For each producer count (1, 2 and 4 unless {@code --threads} lists others) the
 * phases alternate, round after round, and the harness prints per side: CPU per call of the producers, calls
 * accepted per second, the share dropped, the rows that reached the file against the calls accepted, the writer's
 * (or consumer's) CPU per entry, and the cores the producers and the writer used, with the median and spread over
 * the rounds, and the load average when it started and ended. Accepted calls per second are the writer's cores
 * over its CPU per entry: the last three columns tell a writer that costs more per entry from one that got less
 * of the machine.
 *
 * <p>CPU time still includes what a busy machine does to caches, and not what the consumer or writer thread costs;
 * read it beside {@link RecordBenchmark}, not instead of it.
 */
public final class RecordCpuHarness {

    private static final int CALLS_PER_THREAD = 2_000_000;
    private static final int CALLS_BETWEEN_CLOCK_READS = 1_024;
    static final int DEFAULT_PHASE_SECONDS = 3;
    private static final int WARM_UP_CALLS = 1_000_000;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RecordCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int[] threads = {};
        int rounds = 5;
        boolean sqlite = false;
        int seconds = DEFAULT_PHASE_SECONDS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--sqlite" -> sqlite = true;
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --threads N, --rounds N, or --sqlite [--threads N,N,...] [--rounds N] [--seconds N]");
            }
        }
        Machine.print(System.out);
        if (sqlite) {
            IntoFile.report(threads.length == 0 ? new int[] {1, 2, 4} : threads, rounds, seconds);
        } else {
            if (threads.length > 1) {
                throw new IllegalArgumentException("--threads takes one count without --sqlite, not "
                        + Arrays.toString(threads));
            }
            perCall(threads.length == 0 ? 1 : threads[0], rounds);
        }
    }

    /** The calls of {@link RecordBenchmark}, the recorders writing into a store that keeps nothing. */
    private static void perCall(int threads, int rounds) throws Exception {
        RecordBenchmark.Library library = new RecordBenchmark.Library();
        RecordBenchmark.Baseline baseline = new RecordBenchmark.Baseline();
        library.open();
        baseline.start();
        try {
            Map<String, IntPredicate> calls = new LinkedHashMap<>();
            calls.put("arrayBlockingQueueOffer", i -> baseline.offer(new RecordBenchmark.Sample(
                    RecordBenchmark.METRIC, 12.5, RecordBenchmark.LABELS, System.currentTimeMillis())));
            calls.put("metricRecord", i -> library.obs.metrics().record(RecordBenchmark.METRIC, 12.5,
                    RecordBenchmark.LABELS));
            calls.put("metricRecordWithUnit", i -> library.obs.metrics().record(RecordBenchmark.METRIC, 12.5, "ms",
                    RecordBenchmark.LABELS));
            calls.put("eventRecord", i -> library.obs.events().record(library.event));
            calls.put("auditLogAsync", i -> library.obs.audit().logAsync(library.audit));
            calls.put("auditLogAsyncWithJson", i -> library.obs.audit().logAsync(library.auditWithJson));
            report(calls, threads, rounds);
        } finally {
            baseline.stop();
            library.close();
        }
    }

    private static void report(Map<String, IntPredicate> calls, int threads, int rounds) throws Exception {
        Map<String, List<Measure>> measures = new LinkedHashMap<>();
        for (Map.Entry<String, IntPredicate> call : calls.entrySet()) {
            run(call.getValue(), threads, WARM_UP_CALLS);
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, IntPredicate> call : calls.entrySet()) {
                measures.computeIfAbsent(call.getKey(), key -> new ArrayList<>())
                        .add(run(call.getValue(), threads, CALLS_PER_THREAD));
            }
        }
        double baselineMedian = median(measures.get("arrayBlockingQueueOffer"));
        System.out.printf("%n%d recording thread(s), %,d calls each per round, %d rounds, calls alternating%n",
                threads, CALLS_PER_THREAD, rounds);
        System.out.printf("%-24s %14s %16s %9s %12s %14s%n", "call", "CPU ns/call", "min-max", "x offer",
                "bytes/call", "failed/round");
        for (Map.Entry<String, List<Measure>> entry : measures.entrySet()) {
            double[] nanos = entry.getValue().stream().mapToDouble(Measure::cpuNanosPerCall).sorted().toArray();
            double failed = entry.getValue().stream().mapToLong(Measure::failed).average().orElse(0);
            double bytes = entry.getValue().stream().mapToDouble(Measure::bytesPerCall).average().orElse(0);
            System.out.printf("%-24s %14.1f %7.1f-%-8.1f %9.2f %12.1f %,14.0f%n", entry.getKey(),
                    median(entry.getValue()), nanos[0], nanos[nanos.length - 1],
                    median(entry.getValue()) / baselineMedian, bytes, failed);
        }
    }

    /**
     * One round of one call, over every recording thread: the calls made and those that failed, and the CPU
     * nanoseconds and bytes allocated of the recording threads alone (the writer's are not counted), and the wall
     * time from the start until the last thread stopped.
     */
    record Measure(long calls, long failed, long cpuNanos, long allocatedBytes, long wallNanos) {

        double cpuNanosPerCall() {
            return cpuNanos / (double) calls;
        }

        double bytesPerCall() {
            return allocatedBytes / (double) calls;
        }

        long accepted() {
            return calls - failed;
        }
    }

    /** Every thread makes {@code callsPerThread} calls. */
    private static Measure run(IntPredicate call, int threads, int callsPerThread) throws Exception {
        return run(call, threads, callsPerThread, Long.MAX_VALUE);
    }

    /**
     * Every thread calls until it has made {@code callsPerThread} calls or {@code phaseNanos} have passed since all
     * started, whichever comes first; the clock is read once every {@value #CALLS_BETWEEN_CLOCK_READS} calls.
     */
    static Measure run(IntPredicate call, int threads, long callsPerThread, long phaseNanos) throws Exception {
        long[] started = new long[1];
        CyclicBarrier start = new CyclicBarrier(threads, () -> started[0] = System.nanoTime());
        long[] calls = new long[threads];
        long[] cpuNanos = new long[threads];
        long[] allocated = new long[threads];
        long[] failed = new long[threads];
        long[] ended = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long began = THREADS.getCurrentThreadCpuTime();
                long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                long refused = 0;
                long i = 0;
                for (; i < callsPerThread; i++) {
                    if (i % CALLS_BETWEEN_CLOCK_READS == 0 && System.nanoTime() - started[0] >= phaseNanos) {
                        break;
                    }
                    if (!call.test((int) i)) {
                        refused++;
                    }
                }
                cpuNanos[index] = THREADS.getCurrentThreadCpuTime() - began;
                allocated[index] = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                ended[index] = System.nanoTime();
                calls[index] = i;
                failed[index] = refused;
            }, "recording-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Measure(Arrays.stream(calls).sum(), Arrays.stream(failed).sum(), Arrays.stream(cpuNanos).sum(),
                Arrays.stream(allocated).sum(), Arrays.stream(ended).max().orElseThrow() - started[0]);
    }

    private static double median(List<Measure> measures) {
        double[] sorted = measures.stream().mapToDouble(Measure::cpuNanosPerCall).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The like-for-like comparison: every side's producers bounded by the same SQLite work, or by none. */
    private static final class IntoFile {

        /** The library's writer threads are named so. */
        private static final String LIBRARY_WRITER = "liteobs-writer-";

        private IntoFile() {
        }

        /** What the producers call into. */
        private enum Side {
            LIBRARY("library, into a file"),
            QUEUE_INTO_FILE("parked queue, consumer writes raw to a file"),
            QUEUE_DRAIN_ONLY("parked queue, consumer drains only (reference)");

            final String label;

            Side(String label) {
                this.label = label;
            }
        }

        /**
         * One phase: the producers' figures, the rows in the file once everything accepted was written, and the CPU
         * time of the writer (or consumer) thread and the entries it had handed on when the producers stopped.
         */
        private record Phase(Measure measure, long rowsInFile, long writerCpuNanos, long writerEntries) {

            double writerCpuNanosPerEntry() {
                return writerCpuNanos / (double) writerEntries;
            }

            /** The cores the producers used, on average over the phase. */
            double producerCores() {
                return measure.cpuNanos() / (double) measure.wallNanos();
            }

            /** The cores the writer used, on average over the phase. */
            double writerCores() {
                return writerCpuNanos / (double) measure.wallNanos();
            }

            double acceptedPerSecond() {
                return measure.accepted() / (measure.wallNanos() / 1e9);
            }

            double droppedPercent() {
                return 100.0 * measure.failed() / measure.calls();
            }
        }

        static void report(int[] threadCounts, int rounds, int seconds) throws Exception {
            long phaseNanos = TimeUnit.SECONDS.toNanos(seconds);
            String loadBefore = Machine.loadAverage();
            Map<Integer, Map<Side, List<Phase>>> phases = new LinkedHashMap<>();
            try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
                // a round not reported, so that every path is compiled before it is measured
                for (Side side : Side.values()) {
                    phase(side, files, threadCounts[threadCounts.length - 1], TimeUnit.SECONDS.toNanos(1));
                }
                for (int round = 0; round < rounds; round++) {
                    for (int threads : threadCounts) {
                        for (Side side : Side.values()) {
                            Phase phase = phase(side, files, threads, phaseNanos);
                            phases.computeIfAbsent(threads, t -> new EnumMap<>(Side.class))
                                    .computeIfAbsent(side, s -> new ArrayList<>()).add(phase);
                            System.out.printf("round %d, %d thread(s), %-48s %7.1f CPU ns/call %,12.0f accepted/s"
                                            + " %5.1f %% dropped, %,d rows in the file of %,d accepted, writer %,.0f"
                                            + " CPU ns/entry%n", round + 1, threads, side.label,
                                    phase.measure().cpuNanosPerCall(), phase.acceptedPerSecond(),
                                    phase.droppedPercent(), phase.rowsInFile(), phase.measure().accepted(),
                                    phase.writerCpuNanosPerEntry());
                        }
                    }
                }
            }
            System.out.printf("%nmetric points recorded as fast as the producers can, %d s a phase, %d rounds, the"
                    + " sides alternating; load average %s at the start, %s at the end; medians (min-max)%n",
                    seconds, rounds, loadBefore, Machine.loadAverage());
            System.out.printf("%-7s %-48s %24s %32s %20s %14s %22s %18s %18s%n", "threads", "side", "CPU ns/call",
                    "accepted calls/s", "dropped %", "file/accepted", "writer CPU ns/entry", "producer cores",
                    "writer cores");
            for (Map.Entry<Integer, Map<Side, List<Phase>>> byThreads : phases.entrySet()) {
                for (Map.Entry<Side, List<Phase>> bySide : byThreads.getValue().entrySet()) {
                    List<Phase> sidePhases = bySide.getValue();
                    System.out.printf("%-7d %-48s %s %s %s %14s %s %s %s%n", byThreads.getKey(), bySide.getKey().label,
                            spread(sidePhases, phase -> phase.measure().cpuNanosPerCall(), "%.1f", 24),
                            spread(sidePhases, Phase::acceptedPerSecond, "%,.0f", 32),
                            spread(sidePhases, Phase::droppedPercent, "%.1f", 20),
                            bySide.getKey() == Side.QUEUE_DRAIN_ONLY ? "-" : String.format("%.4f",
                                    sidePhases.stream().mapToLong(Phase::rowsInFile).sum()
                                            / (double) sidePhases.stream().mapToLong(p -> p.measure().accepted()).sum()),
                            spread(sidePhases, Phase::writerCpuNanosPerEntry, "%,.0f", 22),
                            spread(sidePhases, Phase::producerCores, "%.2f", 18),
                            spread(sidePhases, Phase::writerCores, "%.2f", 18));
                }
                List<Phase> library = byThreads.getValue().get(Side.LIBRARY);
                List<Phase> byHand = byThreads.getValue().get(Side.QUEUE_INTO_FILE);
                double[] ratios = new double[library.size()];
                for (int i = 0; i < ratios.length; i++) {
                    ratios[i] = library.get(i).acceptedPerSecond() / byHand.get(i).acceptedPerSecond();
                }
                System.out.printf("%-7d library / queue into file, accepted calls/s, each round: %s%n",
                        byThreads.getKey(), Arrays.toString(Arrays.stream(ratios)
                                .mapToObj(ratio -> String.format("%.2f", ratio)).toArray()));
            }
        }

        private static String spread(List<Phase> phases, ToDoubleFunction<Phase> figure, String format, int width) {
            double[] sorted = phases.stream().mapToDouble(figure).sorted().toArray();
            int middle = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            String text = String.format(format + " (" + format + "-" + format + ")", median, sorted[0],
                    sorted[sorted.length - 1]);
            return String.format("%" + width + "s", text);
        }

        private static Phase phase(Side side, BenchFiles files, int threads, long phaseNanos) throws Exception {
            return switch (side) {
                case LIBRARY -> library(files, threads, phaseNanos);
                case QUEUE_INTO_FILE -> queue(files, threads, phaseNanos, true);
                case QUEUE_DRAIN_ONLY -> queue(files, threads, phaseNanos, false);
            };
        }

        /** The library with its defaults over a fresh file, closed (so drained) before the file is counted. */
        private static Phase library(BenchFiles files, int threads, long phaseNanos) throws Exception {
            Path file = files.newFile("library", false);
            Measure measure;
            long writerCpu;
            long written;
            try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
                measure = run(i -> obs.metrics().record(RecordBenchmark.METRIC, 12.5, RecordBenchmark.LABELS),
                        threads, Long.MAX_VALUE, phaseNanos);
                writerCpu = cpuNanosOfThreadsNamed(LIBRARY_WRITER);
                written = obs.metrics().stats().persisted();
            }
            return new Phase(measure, rowsIn(file), writerCpu, written);
        }

        /** The parked queue, its consumer writing raw into a fresh file, or throwing away what it drains. */
        private static Phase queue(BenchFiles files, int threads, long phaseNanos, boolean intoFile)
                throws Exception {
            Path file = files.newFile("queue", true);
            Measure measure;
            long consumerCpu;
            long handedOn;
            try (RawPointWriter writer = new RawPointWriter(file)) {
                LongAdder drained = new LongAdder();
                RecordBenchmark.Baseline baseline = new RecordBenchmark.Baseline(intoFile ? writer::write
                        : batch -> drained.add(batch.size()));
                baseline.start();
                try {
                    measure = run(i -> baseline.offer(new RecordBenchmark.Sample(RecordBenchmark.METRIC, 12.5,
                            RecordBenchmark.LABELS, System.currentTimeMillis())), threads, Long.MAX_VALUE,
                            phaseNanos);
                    consumerCpu = cpuNanosOfThreadsNamed(RecordBenchmark.Baseline.CONSUMER);
                    handedOn = intoFile ? writer.rowsWritten() : drained.sum();
                } finally {
                    baseline.stop();
                }
            }
            return new Phase(measure, rowsIn(file), consumerCpu, handedOn);
        }

        /** CPU time of the live threads whose name starts with {@code prefix}, since each started. */
        private static long cpuNanosOfThreadsNamed(String prefix) {
            long nanos = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith(prefix)) {
                    nanos += THREADS.getThreadCpuTime(thread.getId());
                }
            }
            return nanos;
        }

        private static long rowsIn(Path file) throws SQLException {
            try (Connection connection = BenchFiles.rawConnection(file);
                 Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*) FROM metrics_timeseries")) {
                count.next();
                return count.getLong(1);
            } finally {
                BenchFiles.delete(file);
            }
        }
    }

    /**
     * Writes the baseline's batches by hand, as the ingest harness's raw ceiling writes points: one transaction a
     * batch, its points sorted by series and time, inserted through one prepared statement into the table the
     * store created; a series is created in {@code metrics_metadata} the first time it is seen.
     */
    static final class RawPointWriter implements AutoCloseable {

        /**
         * The first sequence number of points stamped before a millisecond their series has already written (a
         * thread that read the clock, then queued after a later point was written): apart from the 0, 1, 2, ... of
         * points that come in time, so that no key is taken twice.
         */
        private static final int LATE_SEQ_BASE = 1 << 20;
        private static final Comparator<Point> SERIES_AND_TIME =
                Comparator.comparingLong((Point point) -> point.series().id).thenComparingLong(Point::timestamp);

        private record SeriesKey(String name, Labels labels) {
        }

        private static final class Series {
            final long id;
            long lastTimestamp = Long.MIN_VALUE;
            int lastSeq;
            int lateSeq = LATE_SEQ_BASE;

            Series(long id) {
                this.id = id;
            }

            /** The sequence number of a point at {@code timestamp}, taken in time order. */
            int nextSeq(long timestamp) {
                if (timestamp == lastTimestamp) {
                    return ++lastSeq;
                }
                if (timestamp > lastTimestamp) {
                    lastTimestamp = timestamp;
                    lastSeq = 0;
                    return 0;
                }
                return lateSeq++;
            }
        }

        private record Point(Series series, long timestamp, double value) {
        }

        private final Connection connection;
        private final Statement transaction;
        private final PreparedStatement insertSeries;
        private final PreparedStatement insertPoint;
        private final RawInsert seriesRow;
        private final RawInsert pointRow;
        private final Map<SeriesKey, Series> seriesByKey = new HashMap<>();
        /** The batch being written, as drained, and its points in key order with their sequence numbers. */
        private List<RecordBenchmark.Sample> batch = List.of();
        private final List<Point> points = new ArrayList<>();
        private int[] seqs = new int[WriterOptions.DEFAULT_MAX_BATCH_SIZE];
        private volatile long rowsWritten;

        RawPointWriter(Path file) throws SQLException {
            connection = BenchFiles.rawConnection(file);
            transaction = connection.createStatement();
            seriesRow = RawInsert.into(connection, "metrics_metadata", Map.of(
                    "series_id", i -> seriesByKey.size() + 1L,
                    "name", i -> batch.get((int) i).name(),
                    "labels", i -> batch.get((int) i).labels().toJson(),
                    "type", i -> "gauge",
                    "unit", i -> null,
                    "description", i -> null,
                    "first_seen", i -> batch.get((int) i).timestampMillis(),
                    "last_seen", i -> batch.get((int) i).timestampMillis(),
                    "raw_minutes_from", i -> null,
                    "raw_minutes_until", i -> null));
            pointRow = RawInsert.into(connection, "metrics_timeseries", Map.of(
                    "series_id", i -> points.get((int) i).series().id,
                    "timestamp", i -> points.get((int) i).timestamp(),
                    "seq", i -> seqs[(int) i],
                    "value", i -> points.get((int) i).value()));
            insertSeries = connection.prepareStatement(seriesRow.sql());
            insertPoint = connection.prepareStatement(pointRow.sql());
        }

        void write(List<RecordBenchmark.Sample> drained) throws SQLException {
            batch = drained;
            points.clear();
            transaction.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < drained.size(); i++) {
                RecordBenchmark.Sample sample = drained.get(i);
                SeriesKey key = new SeriesKey(sample.name(), sample.labels());
                Series series = seriesByKey.get(key);
                if (series == null) {
                    seriesRow.bind(insertSeries, i);
                    insertSeries.executeUpdate();
                    series = new Series(seriesByKey.size() + 1L);
                    seriesByKey.put(key, series);
                }
                points.add(new Point(series, sample.timestampMillis(), sample.value()));
            }
            points.sort(SERIES_AND_TIME);
            if (seqs.length < points.size()) {
                seqs = new int[points.size()];
            }
            for (int i = 0; i < points.size(); i++) {
                Point point = points.get(i);
                seqs[i] = point.series().nextSeq(point.timestamp());
                pointRow.bind(insertPoint, i);
                insertPoint.addBatch();
            }
            insertPoint.executeBatch();
            transaction.execute("COMMIT");
            rowsWritten += points.size();
        }

        /** Point rows committed so far. */
        long rowsWritten() {
            return rowsWritten;
        }

        @Override
        public void close() throws SQLException {
            try (connection; transaction; insertSeries; insertPoint) {
                // closed in reverse order: statements, then the connection
            }
        }
    }
}
