package io.liteobs.runtime.host;

import static io.liteobs.runtime.host.ProcFixtures.GB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.LiteObs;
import io.liteobs.MetricQuery;
import io.liteobs.runtime.Threads;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMetricsCollectorTest {

    private static final double EPSILON = 1e-9;

    @TempDir
    Path dir;

    @Test
    void cpuUtilisation_comesFromCounterDeltas_betweenTwoCollections() {
        HostSnapshot later = ProcFixtures.modernPair(dir)[1];

        assertFalse(later.baseline());
        assertEquals(Duration.ofSeconds(10), later.interval());
        HostSnapshot.Cpu cpu = later.cpu();
        assertEquals(4, cpu.cores());
        assertEquals(0.90, cpu.total(), EPSILON);
        assertEquals(0.60, cpu.user(), EPSILON, "user includes nice");
        assertEquals(0.10, cpu.system(), EPSILON, "system includes irq and softirq");
        assertEquals(0.05, cpu.iowait(), EPSILON);
        assertEquals(0.20, cpu.steal(), EPSILON);
        assertEquals(6.10, later.load().one(), EPSILON);
        assertEquals(7, later.load().runnable());
        assertEquals(412, later.load().tasks());
    }

    @Test
    void firstCollection_isABaselineSinceBoot() {
        HostSnapshot first = ProcFixtures.modernPair(dir)[0];

        assertTrue(first.baseline());
        assertEquals(Duration.ofSeconds(1000), first.interval(), "since boot: /proc/uptime");
        assertEquals(3, first.oomKills(), "OOM kills since boot");
        assertTrue(first.cpu().total() > 0 && first.cpu().total() < 1);
    }

    @Test
    void memAvailablePresent_isUsedAsIs_withSwap() {
        HostSnapshot.Memory memory = ProcFixtures.modernPair(dir)[1].memory();

        assertFalse(memory.availableEstimated());
        assertEquals(16_000_000L * 1024, memory.total());
        assertEquals(1_600_000L * 1024, memory.available());
        assertEquals(0.90, memory.utilization(), EPSILON);
        assertEquals(4_000_000L * 1024, memory.swapTotal());
        assertEquals(0.75, memory.swapUtilization(), EPSILON);
    }

    @Test
    void memAvailableMissing_fallsBackToFreePlusCaches() {
        HostSnapshot old = ProcFixtures.collector(ProcFixtures.resource("proc-old-kernel")).collect();

        assertTrue(old.available());
        assertTrue(old.memory().availableEstimated());
        // MemFree 1,000,000 + Buffers 200,000 + Cached 2,000,000 + SReclaimable 300,000 kB
        assertEquals(3_500_000L * 1024, old.memory().available());
        assertEquals(0.5625, old.memory().utilization(), EPSILON);
        assertEquals(0, old.memory().swapUtilization(), EPSILON);
    }

    @Test
    void oldKernel_withoutOomKillOrSteal_reportsUnknownOomKillsAndNoSteal() {
        HostSnapshot old = ProcFixtures.collector(ProcFixtures.resource("proc-old-kernel")).collect();

        assertEquals(-1, old.oomKills(), "no oom_kill line in /proc/vmstat before 4.13");
        assertEquals(0, old.cpu().steal(), EPSILON);
        assertEquals(2, old.cpu().cores());
        assertEquals(0.50, old.load().one(), EPSILON);
    }

    @Test
    void oldKernel_sevenFieldPartitionLines_andNoSys_keepWholeDisksOnly() {
        HostSnapshot old = ProcFixtures.builder(ProcFixtures.resource("proc-old-kernel"))
                .sysRoot(dir.resolve("no-sys")).build().collect();

        assertEquals(List.of("sda"), old.diskIo().stream().map(HostSnapshot.DiskIo::device).toList(),
                "partitions told apart by name without /sys/block; ram disks left out");
        assertEquals(30_000L * 512, old.diskIo().get(0).readBytes(), "since boot, 512-byte sectors");
        assertEquals(List.of("eth0"), old.network().stream().map(HostSnapshot.NetworkInterface::name).toList());
        assertEquals(12_345_678, old.network().get(0).receivedBytes(), "old format: no space after the colon");
    }

    @Test
    void diskIo_wholeDisksOnly_bytesFromSectors_busyFromIoTicks() {
        HostSnapshot later = ProcFixtures.modernPair(dir)[1];

        assertEquals(List.of("sda", "nvme0n1"), later.diskIo().stream().map(HostSnapshot.DiskIo::device).toList(),
                "partitions, and loop devices without I/O, left out");
        HostSnapshot.DiskIo sda = later.diskIo().get(0);
        assertEquals(4_000L * 512, sda.readBytes());
        assertEquals(40_000L * 512, sda.writtenBytes());
        assertEquals(200, sda.reads());
        assertEquals(1_000, sda.writes());
        assertEquals(0.90, sda.busy(), EPSILON, "9 s of I/O in 10 s");
        assertEquals(0.10, later.diskIo().get(1).busy(), EPSILON);
    }

    @Test
    void diskUsage_leavesOutPseudoFileSystems_andListsEachDeviceOnce() {
        HostSnapshot later = ProcFixtures.modernPair(dir)[1];

        assertEquals(List.of("/", "/data"), later.disks().stream().map(HostSnapshot.Disk::mountPoint).toList(),
                "proc, sysfs, tmpfs, cgroup2, squashfs and the bind mount of /data's device left out");
        HostSnapshot.Disk root = later.fullestDisk();
        assertEquals("/", root.mountPoint());
        assertEquals("/dev/sda1", root.device());
        assertEquals("ext4", root.type());
        assertEquals(95 * GB, root.used());
        assertEquals(0.95, root.utilization(), EPSILON);
    }

    @Test
    void network_leavesOutLoopback_andCountsPerInterface() {
        HostSnapshot later = ProcFixtures.modernPair(dir)[1];

        assertEquals(List.of("eth0", "docker0"),
                later.network().stream().map(HostSnapshot.NetworkInterface::name).toList());
        HostSnapshot.NetworkInterface eth0 = later.network().get(0);
        assertEquals(52_428_800, eth0.receivedBytes());
        assertEquals(10_485_760, eth0.sentBytes());
        assertEquals(12, eth0.receiveErrors());
        assertEquals(3, eth0.receiveDrops());
        assertEquals(0, eth0.sendErrors());
    }

    @Test
    void oomKills_areCountedOverTheInterval() {
        assertEquals(2, ProcFixtures.modernPair(dir)[1].oomKills());
    }

    @Test
    void topProcesses_areRankedByCpuDelta_andByResidentMemory() {
        HostSnapshot later = ProcFixtures.modernPair(dir, host -> host.commandLines(true))[1];

        List<HostSnapshot.ProcessUsage> byCpu = later.topByCpu();
        assertEquals(List.of(101L, 202L, 505L, 404L, 303L), byCpu.stream().map(HostSnapshot.ProcessUsage::pid)
                .toList());
        assertEquals(0.50, byCpu.get(0).cpu(), EPSILON, "2,000 of 4,000 ticks");
        assertEquals("java", byCpu.get(0).name());
        assertEquals("java -Xmx3g -jar orders.jar", byCpu.get(0).command());
        assertEquals("my (odd) name", byCpu.get(3).name(), "parentheses inside the name");
        assertEquals(0.04, byCpu.get(2).cpu(), EPSILON, "a process started during the interval: 80 ticks in its 5 s on 4 cores");
        assertEquals("[kworker/0:1]", byCpu.get(4).command(), "kernel threads have no command line");

        List<HostSnapshot.ProcessUsage> byMemory = later.topByMemory();
        assertEquals(101L, byMemory.get(0).pid());
        assertEquals(1_000_000L * 4096, byMemory.get(0).residentBytes());
        assertEquals(202L, byMemory.get(1).pid());
    }

    @Test
    void topProcessesZero_readsNoProcess() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        HostSnapshot snapshot = ProcFixtures.builder(proc).topProcesses(0).build().collect();

        assertTrue(snapshot.topByCpu().isEmpty());
        assertTrue(snapshot.topByMemory().isEmpty());
    }

    @Test
    void missingFile_leavesItsPartOut_andCollectsTheRest() throws Exception {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        Files.delete(proc.resolve("diskstats"));
        Files.delete(proc.resolve("vmstat"));

        HostSnapshot snapshot = ProcFixtures.collector(proc).collect();

        assertTrue(snapshot.available());
        assertTrue(snapshot.diskIo().isEmpty());
        assertEquals(-1, snapshot.oomKills());
        assertEquals(0.90, snapshot.memory().utilization(), EPSILON);
    }

    @Test
    void noProc_reportsUnavailable_andSchedulesNothing() throws Exception {
        Set<Thread> collectingBefore = Threads.named(HostMetricsCollector.THREAD_NAME);
        try (HostMetricsCollector collector = ProcFixtures.collector(dir.resolve("no-proc"));
             LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("obs.db"))).build()) {
            assertFalse(collector.isAvailable());
            assertTrue(collector.unavailableReason().contains("host metrics need Linux"));

            HostSnapshot snapshot = collector.collect();
            assertEquals(HostSnapshot.Status.UNAVAILABLE, snapshot.status());
            assertEquals(collector.unavailableReason(), snapshot.reason());
            assertNull(snapshot.cpu());
            assertTrue(snapshot.disks().isEmpty());

            assertFalse(collector.start(obs.metrics()));
            assertFalse(collector.isRunning());
            Set<Thread> started = Threads.named(HostMetricsCollector.THREAD_NAME);
            started.removeAll(collectingBefore);
            assertEquals(Set.of(), started, "no collecting thread started");
        }
    }

    @Test
    void listenerThatThrows_leavesCollectReturningItsSnapshot() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        HostMetricsCollector collector = ProcFixtures.collector(proc);
        collector.addListener(snapshot -> {
            throw new IllegalStateException("listener failed");
        });

        HostSnapshot snapshot = collector.collect();

        assertTrue(snapshot.available());
        assertEquals(snapshot, collector.latest());
        assertEquals(List.of(snapshot), collector.recent());
    }

    @Test
    void errorInAScheduledCollection_doesNotCancelTheNextOnes() throws Exception {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        CountDownLatch scheduledRuns = new CountDownLatch(2);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("obs.db"))).build();
             HostMetricsCollector collector = ProcFixtures.builder(proc).interval(Duration.ofSeconds(1)).build()) {
            collector.addListener(snapshot -> {
                if (Thread.currentThread().getName().equals(HostMetricsCollector.THREAD_NAME)) {
                    scheduledRuns.countDown();
                    throw new Error("listener failed");
                }
            });

            assertTrue(collector.start(obs.metrics()));
            assertTrue(scheduledRuns.await(30, TimeUnit.SECONDS), "collections go on after one threw an Error");
        }
    }

    @Test
    void givenScheduler_runsTheCollections_andIsLeftRunningOnClose() throws Exception {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        Set<Thread> ownBefore = Threads.named(HostMetricsCollector.THREAD_NAME);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                runnable -> new Thread(runnable, "service-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        CountDownLatch scheduledRun = new CountDownLatch(1);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("obs.db"))).build()) {
            HostMetricsCollector collector = ProcFixtures.builder(proc).interval(Duration.ofSeconds(1)).build();
            collector.addListener(snapshot -> {
                if (Thread.currentThread().getName().equals("service-scheduler")) {
                    scheduledRun.countDown();
                }
            });

            assertTrue(collector.start(obs.metrics(), scheduler));
            assertTrue(scheduledRun.await(30, TimeUnit.SECONDS), "a collection ran on the given scheduler");
            Set<Thread> own = Threads.named(HostMetricsCollector.THREAD_NAME);
            own.removeAll(ownBefore);
            assertEquals(Set.of(), own, "no thread of the collector's own");

            collector.close();

            assertFalse(collector.isRunning());
            assertFalse(scheduler.isShutdown(), "the caller's scheduler keeps running");
            assertTrue(scheduler.getQueue().isEmpty(), "the collections are cancelled");
            assertEquals("still runs", scheduler.submit(() -> "still runs").get(10, TimeUnit.SECONDS));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void shutDownScheduler_failsTheStart_namingTheSetting_andRecordsNothing() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.shutdown();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("obs.db"))).build();
             HostMetricsCollector collector = ProcFixtures.collector(proc)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> collector.start(obs.metrics(), scheduler));

            assertTrue(refused.getMessage().contains("scheduler refused host collection"), refused.getMessage());
            assertFalse(collector.isRunning());
            collector.collect();
            obs.flush(Duration.ofSeconds(5));
            assertTrue(obs.metrics().query(MetricQuery.builder("host.cpu.count").build()).isEmpty(),
                    "a collector that did not start records nothing");
        }
    }

    @Test
    void history_keepsTheMostRecentSnapshots() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        HostMetricsCollector collector = ProcFixtures.builder(proc).history(2).build();
        HostSnapshot first = collector.collect();
        HostSnapshot second = collector.collect();
        HostSnapshot third = collector.collect();

        assertEquals(List.of(second, third), collector.recent());
        assertEquals(third, collector.latest());
        assertNotNull(first);
    }

    @Test
    void builder_rejectsOutOfRangeSettings_namingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostMetricsCollector.builder()
                .interval(Duration.ofMillis(10))).getMessage().startsWith("interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostMetricsCollector.builder()
                .topProcesses(-1)).getMessage().startsWith("topProcesses"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostMetricsCollector.builder()
                .history(0)).getMessage().startsWith("history"));
    }
}
