package io.liteobs.runtime.health;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores health from 0 to 100: start at 100 and take off each indicator's penalty under its {@link Threshold}
 * (CPU, memory, swap, the fullest disk, GC overhead, heap after GC, thread count; disk weighted hardest). The
 * result names the bottlenecks. Thread-safe and stateless.
 *
 * <pre>{@code
 * HealthReport report = HealthScorer.defaults().score(HealthInput.of(host.collect(), jvm.snapshot()));
 * System.out.println(report.toText());      // health 63/100 DEGRADED, bottleneck DISK / at 95.0% ...
 * }</pre>
 *
 * <p>CPU is judged only from a host snapshot that covers an interval: the first collection's figures since boot
 * say little about now. Worked examples are in docs/health.md.
 */
public final class HealthScorer {

    private static final HealthScorer DEFAULTS = new HealthScorer(HealthThresholds.defaults());

    private final HealthThresholds thresholds;

    private HealthScorer(HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * A scorer with {@link HealthThresholds#defaults()}.
     *
     * @return a scorer with {@link HealthThresholds#defaults()}
     */
    public static HealthScorer defaults() {
        return DEFAULTS;
    }

    /**
     * A scorer with these thresholds and weights.
     *
     * @param thresholds each indicator's threshold and weight
     * @return a scorer with these thresholds and weights
     */
    public static HealthScorer of(HealthThresholds thresholds) {
        return new HealthScorer(Objects.requireNonNull(thresholds, "thresholds"));
    }

    /**
     * The thresholds and weights.
     *
     * @return the thresholds and weights
     */
    public HealthThresholds thresholds() {
        return thresholds;
    }

    /**
     * Scores the input; never throws for missing figures, which are reported as not assessed.
     *
     * @param input the figures to score
     * @return the score, with each indicator's part in it
     */
    public HealthReport score(HealthInput input) {
        Objects.requireNonNull(input, "input");
        List<HealthReport.Assessment> assessments = new ArrayList<>();
        Map<Indicator, String> notAssessed = new EnumMap<>(Indicator.class);
        HostSnapshot host = input.host();
        long timestamp = host != null ? host.timestampMillis() : input.jvm() != null ? input.jvm().timestampMillis()
                : 0;

        if (host == null || !host.available()) {
            String why = host == null ? "no host snapshot" : host.reason();
            for (Indicator indicator : new Indicator[] {Indicator.CPU, Indicator.MEMORY, Indicator.SWAP,
                    Indicator.DISK}) {
                notAssessed.put(indicator, why);
            }
        } else {
            if (host.baseline()) {
                notAssessed.put(Indicator.CPU, "first collection: CPU since boot only");
            } else {
                assess(assessments, Indicator.CPU, "host", host.requireCpu().total());
            }
            assess(assessments, Indicator.MEMORY, "host", host.requireMemory().utilization());
            assess(assessments, Indicator.SWAP, "swap", host.requireMemory().swapUtilization());
            HostSnapshot.Disk fullest = host.fullestDisk();
            if (fullest == null) {
                notAssessed.put(Indicator.DISK, "no file system listed");
            } else {
                assess(assessments, Indicator.DISK, fullest.mountPoint(), fullest.utilization());
            }
        }

        JvmSnapshot jvm = input.jvm();
        if (jvm == null) {
            for (Indicator indicator : new Indicator[] {Indicator.GC_OVERHEAD, Indicator.HEAP_AFTER_GC,
                    Indicator.THREADS}) {
                notAssessed.put(indicator, "no JVM snapshot");
            }
        } else {
            assessRatio(assessments, notAssessed, Indicator.GC_OVERHEAD, "jvm", jvm.gcOverhead());
            assessRatio(assessments, notAssessed, Indicator.HEAP_AFTER_GC, "heap", jvm.heapAfterGc());
            assess(assessments, Indicator.THREADS, "jvm", jvm.liveThreads());
        }

        double penalties = assessments.stream().mapToDouble(HealthReport.Assessment::penalty).sum();
        int score = (int) Math.max(0, Math.min(100, Math.round(100 - penalties)));
        List<HealthReport.Assessment> bottlenecks = assessments.stream()
                .filter(HealthReport.Assessment::bottleneck)
                .sorted(Comparator.comparingDouble(HealthReport.Assessment::penalty).reversed())
                .toList();
        return new HealthReport(score, HealthReport.Status.of(score), bottlenecks, assessments, notAssessed,
                timestamp);
    }

    private void assessRatio(List<HealthReport.Assessment> assessments, Map<Indicator, String> notAssessed,
                             Indicator indicator, String subject, double value) {
        if (Double.isNaN(value)) {
            notAssessed.put(indicator, "not measured yet");
        } else {
            assess(assessments, indicator, subject, value);
        }
    }

    private void assess(List<HealthReport.Assessment> assessments, Indicator indicator, String subject,
                        double value) {
        Threshold threshold = thresholds.get(indicator);
        assessments.add(new HealthReport.Assessment(indicator, subject, value, threshold, threshold.penalty(value)));
    }
}
