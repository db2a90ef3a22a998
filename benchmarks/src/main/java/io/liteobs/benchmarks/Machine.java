package io.liteobs.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** The load average over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives it, or "unknown" without one. */
    static String loadAverage() {
        Path loadAverage = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadAverage)) {
            return "unknown";
        }
        try {
            String[] fields = Files.readString(loadAverage).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
