package io.liteobs.runtime;

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
 *     -Dexec.mainClass=io.liteobs.runtime.HostCollectionCost
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
        System.out.printf(Locale.ROOT, "%d processes, %d cores, %s%n", processes,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
        for (int top : new int[] {0, HostMetricsCollector.DEFAULT_TOP_PROCESSES}) {
            HostMetricsCollector collector = HostMetricsCollector.builder().topProcesses(top).build();
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
            System.out.printf(Locale.ROOT, "topProcesses=%d: mean %.0f us, median %.0f us, p99 %.0f us per collection"
                    + " (%d collections)%n", top, mean / 1000, nanos[MEASURED / 2] / 1000.0,
                    nanos[MEASURED * 99 / 100] / 1000.0, MEASURED);
        }
    }
}
