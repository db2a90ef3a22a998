package io.liteobs.runtime.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Await;
import io.liteobs.Heartbeat;
import io.liteobs.HeartbeatWriter;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmMetricsTest {

    @TempDir
    Path dir;

    @Test
    void bindTo_registersEveryBinderInOneCall() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            for (String name : new String[] {"jvm.memory.used", "jvm.memory.committed", "jvm.memory.max",
                    "jvm.buffer.count", "jvm.buffer.memory.used", "jvm.gc.overhead", "jvm.gc.max.data.size",
                    "jvm.gc.memory.allocated", "jvm.threads.live", "jvm.threads.daemon", "jvm.threads.peak",
                    "jvm.threads.states", "jvm.classes.loaded", "jvm.classes.unloaded", "jvm.compilation.time",
                    "jvm.info", "system.cpu.count", "process.cpu.usage", "process.files.open", "process.uptime",
                    "process.start.time"}) {
                assertTrue(!registry.find(name).meters().isEmpty(), "no meter " + name);
            }
            assertEquals(registry, jvm.registry());
            assertEquals("bytes", registry.get("jvm.memory.used").tag("area", "heap").meters().iterator().next().getId()
                    .getBaseUnit());
        }
    }

    @Test
    void gcPause_isTimedAfterACollection() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            assertEquals(registry, jvm.registry());
            collectGarbage();

            assertTrue(timers(registry, "jvm.gc.pause").count() + timers(registry, "jvm.gc.concurrent.phase.time")
                    .count() >= 1, "System.gc() is timed as a pause or a concurrent phase");
        }
    }

    /**
     * Runs a collection and waits until the GC meters have counted it: listeners are told in the order they were
     * added, Micrometer's before this one.
     */
    private static void collectGarbage() throws InterruptedException, ListenerNotFoundException {
        CountDownLatch collected = new CountDownLatch(1);
        NotificationListener listener = (notification, handback) -> collected.countDown();
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        try {
            System.gc();
            assertTrue(collected.await(30, TimeUnit.SECONDS), "no GC notification");
        } finally {
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
        }
    }

    /** The collections and collection time since the JVM started, all collectors, as a heartbeat counts them. */
    private record GcTotals(long count, long timeMillis) {
        static GcTotals now() {
            long count = 0;
            long time = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, collector.getCollectionCount());
                time += Math.max(0, collector.getCollectionTime());
            }
            return new GcTotals(count, time);
        }
    }

    /** What the timers of one name counted, all tags: collections, and their total time in milliseconds. */
    private record TimerTotals(long count, double millis) {
    }

    private static TimerTotals timers(MeterRegistry registry, String name) {
        long count = 0;
        double millis = 0;
        for (Timer timer : registry.find(name).timers()) {
            count += timer.count();
            millis += timer.totalTime(TimeUnit.MILLISECONDS);
        }
        return new TimerTotals(count, millis);
    }

    @Test
    void heartbeat_andBoundMetrics_agreeOnUnitsAndValues() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("beats.db"))).build()) {
            HeartbeatWriter heartbeats = obs.heartbeat("w1");
            assertEquals(LogResult.COMMITTED, heartbeats.beat(), "the first beat loads what beating needs");
            GcTotals gcBeforeBinding = GcTotals.now();
            try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
                assertEquals(registry, jvm.registry());
                collectGarbage();   // a collection for the GC meters to count, and a settled heap

                // the beat's CPU load covers the time since the previous beat: bracket both with process.cpu.time
                FunctionCounter cpuTime = registry.get("process.cpu.time").functionCounter();
                assertEquals("ns", cpuTime.getId().getBaseUnit());
                double cpuBeforePrevious = cpuTime.count();
                long wallBeforePrevious = System.nanoTime();
                assertEquals(LogResult.COMMITTED, heartbeats.beat());
                double cpuAfterPrevious = cpuTime.count();
                long wallAfterPrevious = System.nanoTime();
                spin(Duration.ofMillis(200));
                double cpuBefore = cpuTime.count();
                long wallBefore = System.nanoTime();
                long uptimeBefore = ManagementFactory.getRuntimeMXBean().getUptime();
                assertEquals(LogResult.COMMITTED, heartbeats.beat());
                double cpuAfter = cpuTime.count();
                long wallAfter = System.nanoTime();
                Heartbeat beat = obs.store().latestHeartbeat("w1").orElseThrow();

                // threads: jvm.threads.live, a count
                Gauge live = registry.get("jvm.threads.live").gauge();
                assertEquals("threads", live.getId().getBaseUnit());
                assertEquals(beat.liveThreads(), live.value(), 20);
                // heap and non-heap: the sums of jvm.memory.*{area=...} over the pools, bytes
                assertEquals("bytes", registry.get("jvm.memory.committed").tag("area", "heap").gauges().iterator()
                        .next().getId().getBaseUnit());
                double heapUsed = sum(registry.find("jvm.memory.used").tag("area", "heap"));
                assertTrue(heapUsed > beat.heapUsed() / 2.0 && heapUsed < beat.heapUsed() * 2.0,
                        "heap used moves with every allocation, by far less than a unit: " + heapUsed + " and "
                                + beat.heapUsed());
                assertEquals(beat.heapCommitted(), sum(registry.find("jvm.memory.committed").tag("area", "heap")),
                        beat.heapCommitted() * 0.1, "committed heap changes only when a collection resizes it");
                assertEquals(beat.heapMax(), sum(registry.find("jvm.memory.max").tag("area", "heap")),
                        "the pools that have a limit add up to -Xmx");
                assertEquals(beat.nonHeapUsed(), sum(registry.find("jvm.memory.used").tag("area", "nonheap")),
                        beat.nonHeapUsed() * 0.1);
                // GC: the heartbeat counts since the JVM started, the meters since binding; the meters learn of a
                // collection from a notification delivered on another thread, which may still be on its way
                long collectionsAtBeat = beat.gcCount() - gcBeforeBinding.count();
                Await.until("the GC meters notified of every collection the beat counted", () ->
                        timers(registry, "jvm.gc.pause").count()
                                + timers(registry, "jvm.gc.concurrent.phase.time").count() >= collectionsAtBeat);
                TimerTotals pauses = timers(registry, "jvm.gc.pause");
                TimerTotals phases = timers(registry, "jvm.gc.concurrent.phase.time");
                long collections = pauses.count() + phases.count();
                assertTrue(collections >= 1);
                assertEquals(collectionsAtBeat, collections);
                assertEquals(beat.gcTimeMillis() - gcBeforeBinding.timeMillis(), pauses.millis() + phases.millis(),
                        collections, "milliseconds, each collection's time rounded to one");
                // uptime: process.uptime in seconds, the heartbeat in milliseconds
                double uptimeSeconds = registry.get("process.uptime").timeGauge().value(TimeUnit.SECONDS);
                assertTrue(uptimeBefore <= beat.uptimeMillis() && beat.uptimeMillis() / 1000.0 <= uptimeSeconds
                        && uptimeSeconds - beat.uptimeMillis() / 1000.0 < 1, beat.uptimeMillis() + " ms and "
                        + uptimeSeconds + " s");
                // CPU: the beat's load is process.cpu.time between the two beats over their wall time and cores
                double cores = registry.get("system.cpu.count").gauge().value();
                double lowest = (cpuBefore - cpuAfterPrevious) / (wallAfter - wallBeforePrevious) / cores;
                double highest = (cpuAfter - cpuBeforePrevious) / (wallBefore - wallAfterPrevious) / cores;
                assertNotNull(beat.processCpuLoad());
                assertTrue(lowest - 1e-9 <= beat.processCpuLoad() && beat.processCpuLoad() <= highest + 1e-9,
                        beat.processCpuLoad() + " within " + lowest + " and " + highest);
            }
        }
    }

    /** Keeps this thread busy, so that the CPU load between two beats is well above nothing. */
    private static void spin(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private static double sum(Search search) {
        return search.gauges().stream().mapToDouble(Gauge::value).filter(value -> value > 0).sum();
    }

    @Test
    void snapshot_groupsThreadsIntoPools_andReadsTheBoundGauges() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(25);
        List<Thread> pool = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "checkout-exec-" + i);
            thread.setDaemon(true);
            thread.start();
            pool.add(thread);
        }
        try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            JvmSnapshot snapshot = jvm.snapshot();

            assertEquals(new JvmSnapshot.ThreadPool("checkout-exec", 25), snapshot.largestThreadPool());
            assertTrue(snapshot.liveThreads() >= 25);
            assertTrue(snapshot.heapUsed() > 0);
            assertTrue(Double.isFinite(snapshot.gcOverhead()), "read from jvm.gc.overhead");
            assertTrue(snapshot.uptimeMillis() > 0);
            assertTrue(Double.isNaN(JvmMetrics.capture().gcOverhead()), "no registry, no overhead");
        } finally {
            release.countDown();
            for (Thread thread : pool) {
                thread.join();
            }
        }
    }

    @Test
    void poolName_dropsTheNumberAtTheEnd() {
        assertEquals("pool-3-thread", JvmMetrics.poolName("pool-3-thread-12"));
        assertEquals("http-nio-8080-exec", JvmMetrics.poolName("http-nio-8080-exec-10"));
        assertEquals("ForkJoinPool.commonPool-worker", JvmMetrics.poolName("ForkJoinPool.commonPool-worker-3"));
        assertEquals("main", JvmMetrics.poolName("main"));
        assertEquals("42", JvmMetrics.poolName("42"));
    }

    @Test
    void jvmMetrics_throughTheLiteObsRegistry_landInTheFile() {
        MockClock clock = new MockClock();
        clock.add(Duration.ofDays(20_000)); // in 2024: points stamped before 2000 are refused
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("jvm.db"))).build()) {
            LiteObsMeterRegistry registry = new LiteObsMeterRegistry(LiteObsRegistryConfig.DEFAULT, clock,
                    obs.metrics(), null);
            try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
                assertEquals(registry, jvm.registry());
                clock.add(Duration.ofMinutes(1));
                registry.publish();
            } finally {
                registry.close();
            }
            obs.flush(Duration.ofSeconds(5));

            List<MetricMetadata> heapPools = obs.metrics().metadata("jvm.memory.used");
            assertTrue(heapPools.stream().anyMatch(series -> "heap".equals(series.labels().get("area"))));
            assertTrue(heapPools.stream().allMatch(series -> "bytes".equals(series.unit())));
            List<MetricPoint> live = obs.metrics().query(MetricQuery.builder("jvm.threads.live").build());
            assertTrue(live.get(0).value() > 0);
            assertEquals("seconds", obs.metrics().metadata("process.uptime").get(0).unit());
            assertEquals(1, obs.metrics().metadata("jvm.gc.overhead").size());
            MetricMetadata info = obs.metrics().metadata("jvm.info").get(0);
            assertEquals(System.getProperty("java.runtime.version"), info.labels().get("version"));
            List<MetricPoint> loaded = obs.metrics().query(MetricQuery.builder("jvm.classes.loaded").build());
            assertTrue(loaded.get(0).value() > 1_000, "classes loaded: " + loaded);
        }
    }
}
