package io.liteobs.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/** Prints what the figures were measured on, so that a reader compares like with like. */
final class Machine {

    private Machine() {
    }

    static void print(PrintStream out) {
        Runtime runtime = Runtime.getRuntime();
        out.printf("machine: %d cores, max heap %,d MiB, %s %s, %s %s%n", runtime.availableProcessors(),
                runtime.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The system load average of the last minute; negative where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
