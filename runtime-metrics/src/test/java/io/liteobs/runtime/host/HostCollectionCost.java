package io.liteobs.runtime.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints what one host collection costs on this machine: not a test, a harness (public for exec:java). Run from
 * the repository root:
 * <pre>
 * mvn -q -B -pl runtime-metrics test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.liteobs.runtime.host.HostCollectionCost
 * </pre>
 */
public final class HostCollectionCost {

    private static final int WARM_UP = 2_000;
    private static final int MEASURED = 5_000;

    private HostCollectionCost() {
    }

    public static void main(String[] args) throws Exception {
        HostMetricsCollector probe = HostMetricsCollector.builder().build();
        if (!probe.isAvailable()) {
            System.out.println("host metrics unavailable here: " + probe.unavailableReason());
            return;
        }
        long processes;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            processes = entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        }
        System.out.printf(Locale.ROOT, "%d processes, %d cores, %s; %d collections each%n", processes,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), MEASURED);
        measure("no process read (topProcesses=0)", HostMetricsCollector.builder().topProcesses(0));
        measure("fewest process reads (processReadsPerCollection=" + 2 * HostMetricsCollector.DEFAULT_TOP_PROCESSES
                + ")", HostMetricsCollector.builder()
                .processReadsPerCollection(2 * HostMetricsCollector.DEFAULT_TOP_PROCESSES));
        measure("defaults (processReadsPerCollection=" + HostMetricsCollector.DEFAULT_PROCESS_READS + ")",
                HostMetricsCollector.builder());
        measure("every process read (processReadsPerCollection=100000)",
                HostMetricsCollector.builder().processReadsPerCollection(100_000));
    }

    private static void measure(String setting, HostMetricsCollector.Builder builder) {
        HostMetricsCollector collector = builder.build();
        for (int i = 0; i < WARM_UP; i++) {
            collector.collect();
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            collector.collect();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-56s mean %4.0f us, median %4.0f us, p99 %5.0f us per collection%n",
                setting, mean / 1000, nanos[MEASURED / 2] / 1000.0, nanos[MEASURED * 99 / 100] / 1000.0);
    }
}
