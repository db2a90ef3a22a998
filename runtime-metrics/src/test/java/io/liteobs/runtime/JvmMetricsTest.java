package io.liteobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Heartbeat;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.TimeGauge;
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
        CountDownLatch collected = new CountDownLatch(1);
        NotificationListener listener = (notification, handback) -> collected.countDown();
        List<NotificationEmitter> emitters = new ArrayList<>();
        try (JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            assertEquals(registry, jvm.registry());
            // listeners are told in the order they were added: Micrometer's first, then this one
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
            System.gc();
            assertTrue(collected.await(30, TimeUnit.SECONDS), "no GC notification");

            Timer pause = registry.find("jvm.gc.pause").timer();
            Timer concurrent = registry.find("jvm.gc.concurrent.phase.time").timer();
            long timed = (pause == null ? 0 : pause.count()) + (concurrent == null ? 0 : concurrent.count());
            assertTrue(timed >= 1, "System.gc() is timed as a pause or a concurrent phase");
        } finally {
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
        }
    }

    @Test
    void heartbeat_andBoundMetrics_agreeOnUnitsAndValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("beats.db"))).build();
             JvmMetrics jvm = JvmMetrics.bindTo(registry)) {
            assertEquals(LogResult.COMMITTED, obs.heartbeat("w1").beat());
            Heartbeat beat = obs.store().latestHeartbeat("w1").orElseThrow();

            // threads: jvm.threads.live, a count
            Gauge live = registry.get("jvm.threads.live").gauge();
            assertEquals("threads", live.getId().getBaseUnit());
            assertEquals(beat.liveThreads(), live.value(), 20);
            // heap: the sum of jvm.memory.*{area=heap} over the pools, bytes
            assertEquals("bytes", registry.get("jvm.memory.committed").tag("area", "heap").gauges().iterator()
                    .next().getId().getBaseUnit());
            double heapCommitted = sum(registry.find("jvm.memory.committed").tag("area", "heap"));
            double heapUsed = sum(registry.find("jvm.memory.used").tag("area", "heap"));
            assertTrue(heapUsed > 0 && heapUsed <= heapCommitted, "heap used within committed");
            assertTrue(beat.heapUsed() > 0 && beat.heapUsed() <= beat.heapCommitted());
            assertEquals(beat.heapCommitted(), heapCommitted, beat.heapCommitted() * 0.5,
                    "committed heap changes only when the JVM resizes it");
            double nonHeapUsed = sum(registry.find("jvm.memory.used").tag("area", "nonheap"));
            assertEquals(beat.nonHeapUsed(), nonHeapUsed, beat.nonHeapUsed() * 0.5);
            // uptime: process.uptime in seconds, the heartbeat in milliseconds
            TimeGauge uptime = registry.get("process.uptime").timeGauge();
            assertEquals(beat.uptimeMillis() / 1000.0, uptime.value(TimeUnit.SECONDS), 60);
            // CPU: process.cpu.usage and the heartbeat's processCpuLoad, both ratios from 0 to 1
            double cpu = registry.get("process.cpu.usage").gauge().value();
            assertTrue(Double.isNaN(cpu) || cpu >= 0 && cpu <= 1);
            assertTrue(beat.processCpuLoad() == null || beat.processCpuLoad() >= 0 && beat.processCpuLoad() <= 1);
            // GC: the heartbeat's totals since start are at least what the snapshot counted before the beat
            JvmSnapshot snapshot = jvm.snapshot();
            assertTrue(snapshot.gcCount() >= beat.gcCount());
            assertTrue(snapshot.gcTimeMillis() >= beat.gcTimeMillis());
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
            assertNotNull(registry.find("jvm.info").meter());
            assertTrue(registry.getMeters().stream().map(Meter::getId).anyMatch(id -> id.getName()
                    .equals("jvm.classes.loaded")));
        }
    }
}
