package io.liteobs.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntPredicate;

/**
 * The recording call's cost in CPU time of the recording threads, for a machine too busy for wall-clock figures:
 * where {@link RecordBenchmark} times calls by the clock on the wall, so that a thread descheduled by other work
 * counts against the call, this counts only the time the recording threads ran ({@link ThreadMXBean}), which another
 * process's load does not add to, and the bytes those threads allocate per call. The same calls as
 * {@link RecordBenchmark} (its states are reused): the baseline offer into a queue whose consumer parks as the
 * writer does, the metric record with and without a unit, an event, an audit entry with ids only and one with JSON
 * parameters and result. The calls alternate, round after round, and the harness prints the median and spread of
 * each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RecordCpuHarness [--threads N] [--rounds N]
 * </pre>
 *
 * <p>CPU time still includes what a busy machine does to caches, and not what the consumer or writer thread costs;
 * read it beside {@link RecordBenchmark}, not instead of it.
 */
public final class RecordCpuHarness {

    private static final int CALLS_PER_THREAD = 2_000_000;
    private static final int WARM_UP_CALLS = 1_000_000;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RecordCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 1;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --threads N or --rounds N");
            }
        }
        Machine.print(System.out);
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
     * One round of one call, over every recording thread: CPU nanoseconds and bytes allocated per call (by the
     * recording threads alone: the writer's allocations are not counted), and the calls that failed.
     */
    private record Measure(double cpuNanosPerCall, double bytesPerCall, long failed) {
    }

    private static Measure run(IntPredicate call, int threads, int callsPerThread) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] cpuNanos = new long[threads];
        long[] allocated = new long[threads];
        long[] failed = new long[threads];
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
                for (int i = 0; i < callsPerThread; i++) {
                    if (!call.test(i)) {
                        refused++;
                    }
                }
                cpuNanos[index] = THREADS.getCurrentThreadCpuTime() - began;
                allocated[index] = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                failed[index] = refused;
            }, "recording-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double calls = callsPerThread * (double) threads;
        return new Measure(Arrays.stream(cpuNanos).sum() / calls, Arrays.stream(allocated).sum() / calls,
                Arrays.stream(failed).sum());
    }

    private static double median(List<Measure> measures) {
        double[] sorted = measures.stream().mapToDouble(Measure::cpuNanosPerCall).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
