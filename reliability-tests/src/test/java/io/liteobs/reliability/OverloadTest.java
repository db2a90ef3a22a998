package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.RecorderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst far above the ingest rate, in a child JVM with a small heap: the heap stays bounded by the queue sizes,
 * every entry is accounted for, and drops are visible as a Micrometer meter and as a throttled warning.
 */
class OverloadTest {

    /** A generous bound per queued entry: a metric point or an event, with its strings. */
    private static final long BYTES_PER_ENTRY = 512;

    @TempDir
    Path dir;

    @Test
    void burstFarAboveTheIngestRate_heapBoundedByTheQueues_everyEntryCounted_dropsVisible() throws Exception {
        int seconds = Suite.rounds(6, 60);
        List<String> lines;
        String stderr;
        try (ChildJvm child = ChildJvm.start(OverloadChild.class, dir, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                dir.resolve("overload.db").toString(), Integer.toString(seconds), "4")) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(seconds + 120)), child.stderr());
            lines = child.lines();
            stderr = child.stderr();
        }
        System.out.println(String.join("\n", lines));

        Map<String, long[]> stats = new HashMap<>();
        Map<String, Long> meters = new HashMap<>();
        long baseline = 0;
        long largest = 0;
        for (String line : lines) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "HEAP" -> {
                    baseline = Long.parseLong(parts[1]);
                    largest = Long.parseLong(parts[2]);
                }
                case "STATS" -> {
                    long[] values = new long[6];
                    for (int i = 0; i < 6; i++) {
                        values[i] = Long.parseLong(parts[i + 2]);
                    }
                    stats.put(parts[1], values);
                }
                case "METER" -> meters.put(parts[1], Long.parseLong(parts[2]));
                default -> { }
            }
        }
        assertTrue(lines.contains("DONE flushed=true"), lines.toString());
        for (Map.Entry<String, long[]> entry : stats.entrySet()) {
            long[] s = entry.getValue();
            assertEquals(s[0], s[1] + s[2] + s[3] + s[4] + s[5], entry.getKey() + " is not balanced");
            assertEquals(0, s[5], entry.getKey() + " still queued after the flush");
            assertEquals(0, s[4], entry.getKey() + " failed");
            assertEquals(s[2], meters.get(entry.getKey()), entry.getKey() + ": the meter shows every drop");
        }
        long metricsDropped = stats.get("metrics")[2];
        long eventsDropped = stats.get("events")[2];
        assertTrue(metricsDropped > 0 && eventsDropped > 0, "the burst was far above the ingest rate");

        long queued = RecorderOptions.METRICS_DEFAULT.queueCapacity() + RecorderOptions.EVENTS_DEFAULT.queueCapacity();
        // the queues, and the writer's batch of as many again
        long bound = baseline + 2 * queued * BYTES_PER_ENTRY + (32L << 20);
        System.out.printf("heap after GC: baseline %,d, largest %,d, bound %,d%n", baseline, largest, bound);
        assertTrue(largest <= bound, "heap grew to " + largest + " bytes");

        long warnings = stderr.lines().filter(line -> line.contains("queue is full")).count();
        long metricWarnings = stderr.lines().filter(line -> line.contains("metrics queue is full")).count();
        long minutes = seconds / 60 + 1;
        assertTrue(metricWarnings >= 1 && metricWarnings <= minutes, "metrics drop warnings: " + metricWarnings);
        assertTrue(warnings <= 2 * minutes, "drop warnings are throttled to one a minute per queue: " + warnings);
        assertTrue(Files.exists(dir.resolve("overload.db")));
    }
}
