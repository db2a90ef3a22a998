package io.liteobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.common.internal.ProcessCpuWindow;
import io.liteobs.runtime.health.Advisor;
import io.liteobs.runtime.health.Advisors;
import io.liteobs.runtime.health.Explanation;
import io.liteobs.runtime.health.HealthInput;
import io.liteobs.runtime.health.HealthReport;
import io.liteobs.runtime.health.Indicator;
import io.liteobs.runtime.health.Resource;
import io.liteobs.runtime.host.HostMetricsCollector;
import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.host.ProcFixtures;
import io.liteobs.runtime.micrometer.JvmMetrics;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import io.liteobs.runtime.micrometer.LiteObsMeterRegistry;
import io.liteobs.runtime.micrometer.LiteObsRegistryConfig;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteObsRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void oneLine_recordsJvmMetrics_andScoresHealth_evenWithoutProc() {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build()) {
            LiteObsRuntime runtime = LiteObsRuntime.builder(obs)
                    .registryConfig(LiteObsRegistryConfig.withStep(Duration.ofMinutes(5)))
                    .host(HostMetricsCollector.builder().procRoot(dir.resolve("no-proc")))
                    .advisor(Advisor.when(Resource.JVM, "jvm.always", in -> true, in -> "checked"))
                    .build();
            Counter orders = Counter.builder("orders.created").register(runtime.registry());
            orders.increment(4);

            assertFalse(runtime.hostScheduled(), "no /proc: nothing scheduled");
            HealthReport report = runtime.health();
            assertTrue(report.notAssessed().containsKey(Indicator.DISK));
            assertTrue(report.assessments().stream().anyMatch(a -> a.indicator() == Indicator.THREADS));
            Explanation jvm = runtime.explain(Resource.JVM);
            assertTrue(jvm.recommends("jvm.always"));
            assertTrue(jvm.reading("jvm.threads.live").value() > 0);

            runtime.close();
            runtime.close();
            obs.flush(Duration.ofSeconds(5));

            assertEquals(4.0, obs.metrics().query(MetricQuery.builder("orders.created").build()).get(0).value(),
                    "closing publishes the partial step");
            assertFalse(obs.metrics().metadata("jvm.memory.used").isEmpty());
        }
    }

    @Test
    void aRegistryConfiguredByTheCaller_getsTheJvmBinders_andIsClosedWithTheRuntime() {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build()) {
            LiteObsMeterRegistry registry = LiteObsMeterRegistry.builder(obs.metrics()).build();
            registry.config().commonTags("service", "orders");
            LiteObsRuntime runtime = LiteObsRuntime.builder(obs).registry(registry)
                    .host(HostMetricsCollector.builder().procRoot(dir.resolve("no-proc")))
                    .build();

            assertSame(registry, runtime.registry());
            assertEquals("orders", registry.get("jvm.memory.used").meter().getId().getTag("service"),
                    "bound after the caller's configuration, so its filters apply");
            runtime.close();
            assertTrue(registry.isClosed());
        }
    }

    @Test
    void withoutItsOwnJvmBinders_bindsNothing_andScoresFromTheCallersMeters() {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build()) {
            LiteObsMeterRegistry registry = LiteObsMeterRegistry.builder(obs.metrics()).build();
            new JvmMemoryMetrics().bindTo(registry);
            try (LiteObsRuntime runtime = LiteObsRuntime.builder(obs).registry(registry).bindJvm(false)
                    .host(HostMetricsCollector.builder().procRoot(dir.resolve("no-proc")))
                    .build()) {
                assertNull(registry.find("jvm.classes.loaded").meter(), "the runtime bound no binder");
                assertNotNull(registry.find("jvm.memory.used").meter());
                assertTrue(runtime.health().score() >= 0);
                assertTrue(runtime.jvm().snapshot().heapUsed() > 0);
            }
        }
    }

    @Test
    void onRecordedProc_collectsTheHost_andExplainsIt() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build();
             LiteObsRuntime runtime = LiteObsRuntime.builder(obs)
                     .host(recordedHost(proc).history(5)).build()) {
            assertTrue(runtime.hostScheduled());
            HostSnapshot first = runtime.host().latest();
            assertTrue(first.baseline(), "collected in build(), before the schedule");
            ProcFixtures.replay("proc-modern/t1", proc);
            HostSnapshot second = runtime.host().collect();
            assertFalse(second.baseline());
            obs.flush(Duration.ofSeconds(5));
            assertEquals(List.of(52_428_800.0), obs.metrics().query(MetricQuery.builder("host.network.received.bytes")
                    .labels(Labels.of("interface", "eth0")).build()).stream().map(MetricPoint::value).toList(),
                    "the collection by hand is recorded, once");

            HealthInput input = runtime.input();
            assertEquals(second, input.host());
            assertNotNull(input.jvm());
            assertFalse(input.recentJvm().isEmpty(), "a JVM snapshot is kept with every host collection");
            assertTrue(runtime.explain(Resource.CPU).recommends(Advisors.CPU_STEAL));
            assertTrue(runtime.health().bottlenecks().stream().anyMatch(b -> b.indicator() == Indicator.CPU));
        }
    }

    @Test
    void healthAndExplain_readTheCpuSinceTheLatestCollection_withoutMovingTheHistorysWindow() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        AtomicLong cpuNanos = new AtomicLong();
        AtomicLong wallNanos = new AtomicLong();
        long second = TimeUnit.SECONDS.toNanos(1);
        cpuNanos.set(5 * second);
        wallNanos.set(10 * second);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build();
             LiteObsRuntime runtime = LiteObsRuntime.builder(obs).host(recordedHost(proc))
                     .historyCpu(new ProcessCpuWindow(cpuNanos::get, wallNanos::get, () -> 1,
                             JvmMetrics.MIN_CPU_WINDOW.toNanos(), 0, 0)).build()) {
            ProcFixtures.replay("proc-modern/t1", proc);
            cpuNanos.set(15 * second);
            wallNanos.set(20 * second);
            runtime.host().collect();

            wallNanos.set(30 * second);
            assertEquals(0.0, runtime.input().jvm().processCpu(), "idle since the latest collection");
            runtime.health();
            runtime.explain(Resource.CPU);
            assertEquals(0.0, runtime.explain(Resource.JVM).reading("process.cpu.usage").value());

            cpuNanos.set(25 * second);
            wallNanos.set(40 * second);
            runtime.host().collect();
            assertEquals(List.of(0.5, 1.0, 0.5), runtime.input().recentJvm().stream().map(JvmSnapshot::processCpu)
                    .toList(), "each collection's window runs from the one before, whatever was asked between");
            wallNanos.set(40 * second + second / 2);
            assertEquals(0.5, runtime.input().jvm().processCpu(), "just after a collection: its figure");
        }
    }

    @Test
    void settingsThatDoNotFit_failTheBuild_withoutLeavingARegistryThreadRunning() {
        Set<Thread> before = Threads.named(LiteObsMeterRegistry.THREAD_NAME);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build()) {
            LiteObsRuntime.Builder builder = LiteObsRuntime.builder(obs)
                    .host(HostMetricsCollector.builder().topProcesses(20));

            assertThrows(IllegalArgumentException.class, builder::build, "24 process reads cannot cover two top 20s");
            Set<Thread> leaked = Threads.named(LiteObsMeterRegistry.THREAD_NAME);
            leaked.removeAll(before);
            assertEquals(Set.of(), leaked);
        }
    }

    @Test
    void givenScheduler_runsTheHostCollections_andIsLeftRunningOnClose() throws Exception {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        Set<Thread> ownBefore = Threads.named(HostMetricsCollector.THREAD_NAME);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).build()) {
            LiteObsRuntime runtime = LiteObsRuntime.builder(obs).host(recordedHost(proc))
                    .scheduler(scheduler).build();

            assertTrue(runtime.hostScheduled());
            assertEquals(1, scheduler.getQueue().size(), "the host collection is scheduled on the given scheduler");
            Set<Thread> own = Threads.named(HostMetricsCollector.THREAD_NAME);
            own.removeAll(ownBefore);
            assertEquals(Set.of(), own, "no thread of the collector's own");

            runtime.close();

            assertFalse(scheduler.isShutdown(), "the caller's scheduler keeps running");
            assertTrue(scheduler.getQueue().isEmpty(), "the host collections are cancelled");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void byDefault_runsTheHostCollectionsOnTheLiteObsScheduler_leavingItToTheLiteObs() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        Set<Thread> ownBefore = Threads.named(HostMetricsCollector.THREAD_NAME);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("runtime.db"))).scheduler(scheduler).build()) {
            int liteObsTasks = scheduler.getQueue().size();
            LiteObsRuntime runtime = LiteObsRuntime.builder(obs).host(recordedHost(proc)).build();

            assertTrue(runtime.hostScheduled());
            assertEquals(liteObsTasks + 1, scheduler.getQueue().size(), "one more task on the LiteObs scheduler");
            Set<Thread> own = Threads.named(HostMetricsCollector.THREAD_NAME);
            own.removeAll(ownBefore);
            assertEquals(Set.of(), own, "no thread of the collector's own");

            runtime.close();

            assertEquals(liteObsTasks, scheduler.getQueue().size(), "the host collections are cancelled");
            assertFalse(obs.scheduler().isShutdown(), "the scheduler stays the LiteObs's");
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A collector over the recorded /proc at {@code proc} that collects by hand only: its schedule is an hour. */
    private static HostMetricsCollector.Builder recordedHost(Path proc) {
        return HostMetricsCollector.builder().procRoot(proc).sysRoot(ProcFixtures.resource("proc-modern/sys"))
                .interval(Duration.ofHours(1));
    }
}
