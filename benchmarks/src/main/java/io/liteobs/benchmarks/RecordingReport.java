package io.liteobs.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link RecordBenchmark} with 1, 2 and 4 threads and the GC profiler, then {@link LockedRecordBenchmark}, and
 * prints each recording call's cost next to the {@code ArrayBlockingQueue.offer} baseline of the same run (a queue
 * whose consumer parks as the writer does), the ratio, the bytes allocated per call, how many calls of each
 * measurement failed to queue their entry, and the percentiles of the call under a held write lock.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.RecordingReport
 * </pre>
 */
public final class RecordingReport {

    private static final String BASELINE = "arrayBlockingQueueOffer";

    private RecordingReport() {
    }

    public static void main(String[] args) throws Exception {
        Machine.print(System.out);
        StringBuilder report = new StringBuilder();
        report.append(String.format("%n%-24s %7s %12s %9s %12s %16s%n", "call", "threads", "ns/call", "x offer",
                "bytes/call", "failed offers"));
        for (int threads : new int[] {1, 2, 4}) {
            Map<String, RunResult> results = run(RecordBenchmark.class, threads, true);
            double baseline = results.get(BASELINE).getPrimaryResult().getScore();
            for (Map.Entry<String, RunResult> result : results.entrySet()) {
                double score = result.getValue().getPrimaryResult().getScore();
                var secondary = result.getValue().getSecondaryResults();
                Result<?> allocation = secondary.get("gc.alloc.rate.norm");
                Result<?> failed = secondary.get("failedOffers");
                report.append(String.format("%-24s %7d %12.1f %9.2f %12.1f %16s%n", result.getKey(), threads, score,
                        score / baseline, allocation == null ? Double.NaN : allocation.getScore(),
                        failed == null ? "-" : String.format("%,.0f", failed.getScore())));
            }
        }
        Map<String, RunResult> locked = run(LockedRecordBenchmark.class, 1, false);
        report.append(String.format("%nmetricRecord while another connection holds the write lock (1 thread):%n"));
        Result<?> sampled = locked.get("metricRecord").getPrimaryResult();
        var statistics = sampled.getStatistics();
        report.append(String.format("  p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns, p99.99 %.0f ns, max %.0f ns%n",
                statistics.getPercentile(50), statistics.getPercentile(99), statistics.getPercentile(99.9),
                statistics.getPercentile(99.99), statistics.getMax()));
        System.out.println(report);
    }

    private static Map<String, RunResult> run(Class<?> benchmark, int threads, boolean gcProfiler) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(benchmark.getName() + "\\.").threads(threads);
        if (gcProfiler) {
            builder.addProfiler(GCProfiler.class);
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byMethod = new LinkedHashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            byMethod.put(label.substring(label.lastIndexOf('.') + 1), result);
        }
        return byMethod;
    }
}
