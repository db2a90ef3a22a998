package io.liteobs.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process ranking over a /proc tree written by the test: a two-core host whose clock advances ten seconds per
 * collection, with twenty processes. Pids 1 and 2 use a fifth of the host each, pids 3 and 4 hold the most memory,
 * pids 5 to 20 idle.
 */
class ProcessRankingTest {

    private static final double EPSILON = 1e-9;
    private static final int CORES = 2;
    private static final long TICKS_PER_COLLECTION = 10L * HostMetricsCollector.USER_HZ * CORES;

    @TempDir
    Path proc;

    private final Map<Long, long[]> processes = new HashMap<>(); // pid -> {cpu ticks, start ticks, resident pages}
    private int collections;
    private HostMetricsCollector collector;

    @BeforeEach
    void host() {
        for (long pid = 1; pid <= 20; pid++) {
            processes.put(pid, new long[] {0, 0, pid == 3 || pid == 4 ? 100_000 : 100});
        }
    }

    @Test
    void theFirstCollection_readsEveryProcess_asPsWould() throws IOException {
        processes.get(20L)[0] = 50_000; // a quarter of the host since boot, 1,000 s ago

        HostSnapshot first = collect();

        assertEquals(List.of(20L, 1L), pids(first.topByCpu()));
        assertEquals(0.25, first.topByCpu().get(0).cpu(), EPSILON);
        assertEquals(List.of(3L, 4L), pids(first.topByMemory()));
        assertEquals(100_000L * 4096, first.topByMemory().get(0).residentBytes());
    }

    @Test
    void laterCollections_readTheLeadersEveryTime_andTheOthersInTurn() throws IOException {
        collect();
        // leaders {1, 2, 3, 4} take four of the six reads, so pids 5 to 20 are read two per collection, in pid order;
        // pid 20 turns busy now and is seen only when its turn comes, eight collections later
        for (int collection = 1; collection <= 7; collection++) {
            HostSnapshot snapshot = collect();
            assertEquals(List.of(1L, 2L), pids(snapshot.topByCpu()), "collection " + collection);
            assertEquals(0.2, snapshot.topByCpu().get(0).cpu(), EPSILON, "a leader is read every collection");
        }
        HostSnapshot eighth = collect();
        assertEquals(List.of(20L, 1L), pids(eighth.topByCpu()));
        assertEquals(0.5, eighth.topByCpu().get(0).cpu(), EPSILON, "its share since its previous reading");

        HostSnapshot ninth = collect();
        assertEquals(0.5, ninth.topByCpu().get(0).cpu(), EPSILON, "a leader now: its share over one collection");
    }

    @Test
    void aNewProcess_isReadAtTheNextCollection() throws IOException {
        collect();
        collect();
        // started five seconds ago, busy on 0.9 of both cores since
        long uptimeTicks = uptimeSeconds(collections) * HostMetricsCollector.USER_HZ;
        processes.put(21L, new long[] {900, uptimeTicks - 500, 100});

        HostSnapshot snapshot = collect();

        assertEquals(21L, snapshot.topByCpu().get(0).pid());
        assertEquals(0.9, snapshot.topByCpu().get(0).cpu(), EPSILON);
        assertEquals("[proc21]", snapshot.topByCpu().get(0).command(), "no command line: the name in brackets");
    }

    @Test
    void anEndedProcess_leavesTheLists() throws IOException {
        collect();
        processes.remove(1L);

        HostSnapshot snapshot = collect();

        assertFalse(pids(snapshot.topByCpu()).contains(1L));
        assertEquals(2L, snapshot.topByCpu().get(0).pid());
    }

    @Test
    void tooFewReadsForBothTopLists_areRefused_namingBothSettings() {
        String message = assertThrows(IllegalArgumentException.class, () -> HostMetricsCollector.builder()
                .topProcesses(5).processReadsPerCollection(8).build()).getMessage();

        assertTrue(message.contains("processReadsPerCollection (8)") && message.contains("topProcesses (5)")
                && message.contains("at least 10"), message);
        assertThrows(IllegalArgumentException.class, () -> HostMetricsCollector.builder()
                .processReadsPerCollection(0));
    }

    /** Advances the host by ten seconds (pids 1, 2 and a busy 20 use their share of it) and collects. */
    private HostSnapshot collect() throws IOException {
        if (collections > 0) {
            busy(1, TICKS_PER_COLLECTION / 5);
            busy(2, TICKS_PER_COLLECTION / 5);
            busy(20, TICKS_PER_COLLECTION / 2);
        }
        long total = 100_000 * CORES + collections * TICKS_PER_COLLECTION;
        Files.writeString(proc.resolve("stat"), "cpu  " + total / 2 + " 0 0 " + total / 2 + " 0 0 0 0 0 0\n"
                + "cpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n");
        Files.writeString(proc.resolve("uptime"), uptimeSeconds(collections) + ".00 0.00\n");
        Files.writeString(proc.resolve("loadavg"), "0.50 0.50 0.50 1/100 1000\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 1000000 kB\nMemFree: 500000 kB\n"
                + "MemAvailable: 600000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        try (var entries = Files.list(proc)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (Character.isDigit(name.charAt(0)) && !processes.containsKey(Long.parseLong(name))) {
                    Files.delete(entry.resolve("stat"));
                    Files.delete(entry);
                }
            }
        }
        for (Map.Entry<Long, long[]> process : processes.entrySet()) {
            long pid = process.getKey();
            long[] figures = process.getValue();
            Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
            Files.writeString(dir.resolve("stat"), pid + " (proc" + pid + ") S 1 1 1 0 -1 0 0 0 0 0 "
                    + figures[0] + " 0 0 0 20 0 1 0 " + figures[1] + " 1000000 " + figures[2] + " 0\n");
        }
        if (collector == null) {
            collector = HostMetricsCollector.builder().commandLines(true).procRoot(proc).sysRoot(proc.resolve("no-sys"))
                    .topProcesses(2).processReadsPerCollection(6).build();
        }
        collections++;
        return collector.collect();
    }

    private void busy(long pid, long ticks) {
        processes.computeIfPresent(pid, (ignored, figures) -> new long[] {figures[0] + ticks, figures[1], figures[2]});
    }

    private static long uptimeSeconds(int collection) {
        return 1_000 + 10L * collection;
    }

    private static List<Long> pids(List<HostSnapshot.ProcessUsage> usage) {
        return usage.stream().map(HostSnapshot.ProcessUsage::pid).toList();
    }
}
