package io.liteobs.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRecorderTest {

    @TempDir
    Path dir;

    private static double value(LiteObs obs, String name, Labels labels) {
        List<MetricPoint> points = obs.metrics().query(MetricQuery.builder(name).labels(labels).build());
        assertEquals(1, points.size(), name + labels + ": " + points);
        return points.get(0).value();
    }

    @Test
    void recordedSnapshot_storesEverySeries_withUnitsTypesAndLabels() {
        HostSnapshot[] pair = ProcFixtures.modernPair(dir);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("host.db"))).build()) {
            HostRecorder recorder = new HostRecorder(obs.metrics());
            recorder.describe();
            recorder.record(pair[1]);
            obs.flush(Duration.ofSeconds(5));

            Labels none = Labels.empty();
            assertEquals(0.90, value(obs, "host.cpu.utilization", Labels.of("mode", "total")), 1e-9);
            assertEquals(0.20, value(obs, "host.cpu.utilization", Labels.of("mode", "steal")), 1e-9);
            assertEquals(4, value(obs, "host.cpu.count", none));
            assertEquals(6.10, value(obs, "host.load.average.1m", none), 1e-9);
            assertEquals(1_600_000.0 * 1024, value(obs, "host.memory.available", none));
            assertEquals(0.90, value(obs, "host.memory.utilization", none), 1e-9);
            assertEquals(0.75, value(obs, "host.swap.utilization", none), 1e-9);
            assertEquals(2, value(obs, "host.memory.oom.kills", none));
            Labels root = Labels.of("device", "/dev/sda1", "mount", "/", "type", "ext4");
            assertEquals(0.95, value(obs, "host.disk.utilization", root), 1e-9);
            assertEquals(95e9, value(obs, "host.disk.used", root));
            assertEquals(2_048_000, value(obs, "host.disk.io.read.bytes", Labels.of("device", "sda")));
            assertEquals(0.90, value(obs, "host.disk.io.busy", Labels.of("device", "sda")), 1e-9);
            assertEquals(52_428_800, value(obs, "host.network.received.bytes", Labels.of("interface", "eth0")));
            assertEquals(12, value(obs, "host.network.receive.errors", Labels.of("interface", "eth0")));
            assertEquals(0.50, value(obs, "host.process.cpu", Labels.of("process", "java")), 1e-9);
            assertEquals(4_096_000_000.0, value(obs, "host.process.memory.resident", Labels.of("process", "java")));

            MetricMetadata available = obs.metrics().metadata("host.memory.available").get(0);
            assertEquals(MetricType.GAUGE, available.type());
            assertEquals("bytes", available.unit());
            assertEquals(MetricType.COUNTER, obs.metrics().metadata("host.network.received.bytes").get(0).type());
            assertEquals("ratio", obs.metrics().metadata("host.cpu.utilization").get(0).unit());
            assertEquals(pair[1].timestampMillis(), obs.metrics().query(MetricQuery.builder("host.cpu.count")
                    .build()).get(0).timestampMillis());
        }
    }

    @Test
    void baselineSnapshot_leavesOutDifferences() {
        HostSnapshot first = ProcFixtures.modernPair(dir)[0];
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("host.db"))).build()) {
            new HostRecorder(obs.metrics()).record(first);
            obs.flush(Duration.ofSeconds(5));

            assertTrue(obs.metrics().metadata("host.cpu.utilization").isEmpty(), "CPU since boot is not now");
            assertTrue(obs.metrics().metadata("host.network.received.bytes").isEmpty());
            assertTrue(obs.metrics().metadata("host.memory.oom.kills").isEmpty());
            assertEquals(1, obs.metrics().metadata("host.memory.available").size());
            assertEquals(2, obs.metrics().metadata("host.disk.utilization").size());
        }
    }

    @Test
    void collectByHand_afterStart_isRecordedOnce_withTheIntervalsCounterIncrements() {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("host.db"))).build()) {
            HostMetricsCollector collector = ProcFixtures.builder(proc).interval(Duration.ofHours(1)).build();
            assertTrue(collector.start(obs.metrics()), "the baseline, collected in start()");
            ProcFixtures.replay("proc-modern/t1", proc);
            HostSnapshot byHand = collector.collect();
            collector.close();
            collector.collect();   // closed: no longer recorded
            obs.flush(Duration.ofSeconds(5));

            Labels none = Labels.empty();
            assertEquals(2_048_000, value(obs, "host.disk.io.read.bytes", Labels.of("device", "sda")));
            assertEquals(20_480_000, value(obs, "host.disk.io.written.bytes", Labels.of("device", "sda")));
            assertEquals(52_428_800, value(obs, "host.network.received.bytes", Labels.of("interface", "eth0")));
            assertEquals(2, value(obs, "host.memory.oom.kills", none));
            assertEquals(byHand.timestampMillis(), obs.metrics().query(MetricQuery.builder("host.memory.oom.kills")
                    .build()).get(0).timestampMillis());
            assertEquals(2, obs.metrics().query(MetricQuery.builder("host.memory.utilization").build()).size(),
                    "the baseline and the collection by hand, each once");
        }
    }

    @Test
    void start_collectsAtOnce_thenOnItsThread_andRecordsIntoTheFile() throws Exception {
        Path proc = dir.resolve("proc");
        ProcFixtures.replay("proc-modern/t0", proc);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("host.db"))).build()) {
            HostMetricsCollector collector = ProcFixtures.builder(proc).interval(Duration.ofSeconds(1)).build();
            CountDownLatch scheduled = new CountDownLatch(1);
            String[] threads = new String[2];
            collector.addListener(snapshot -> {
                threads[threads[0] == null ? 0 : 1] = Thread.currentThread().getName();
                if (threads[1] != null) {
                    scheduled.countDown();
                }
            });

            assertTrue(collector.start(obs.metrics()));
            assertTrue(collector.isRunning());
            assertEquals(Thread.currentThread().getName(), threads[0], "the first collection runs in start()");
            assertTrue(scheduled.await(30, TimeUnit.SECONDS), "the next one runs an interval later");
            collector.close();   // waits for a collection in progress, so its points are queued
            assertFalse(collector.isRunning());
            obs.flush(Duration.ofSeconds(5));

            assertEquals(HostMetricsCollector.THREAD_NAME, threads[1]);
            List<MetricPoint> utilisation = obs.metrics().query(MetricQuery.builder("host.memory.utilization")
                    .build());
            assertTrue(utilisation.size() >= 2, "both collections recorded: " + utilisation);
            assertEquals(0.90, utilisation.get(0).value(), 1e-9);
            assertEquals("Physical memory", obs.metrics().metadata("host.memory.total").get(0).description());
        }
    }
}
