package io.liteobs.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.host.ProcFixtures;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainerTest {

    private static final double EPSILON = 1e-9;

    @TempDir
    Path dir;

    /** The recorded busy host: ten seconds between t0 and t1, both in the history. */
    private HealthInput busyHost(JvmSnapshot jvm) {
        HostSnapshot[] pair = ProcFixtures.modernPair(dir);
        return new HealthInput(pair[1], jvm, List.of(pair[0], pair[1]), List.of());
    }

    @Test
    void cpu_namesTheBusiestProcess_andTheAdvisorsThatApply() {
        Explanation cpu = Explainer.defaults().explain(Resource.CPU, busyHost(Synthetic.calmJvm()));

        assertTrue(cpu.summary().startsWith("90.0% busy on 4 cores (user 60.0%, system 10.0%, iowait 5.0%,"
                + " steal 20.0%), load 6.10"), cpu.summary());
        assertEquals(0.20, cpu.reading("host.cpu.utilization{mode=steal}").value(), EPSILON);
        Explanation.Contributor top = cpu.topContributors().get(0);
        assertEquals("java (pid 101)", top.name());
        assertEquals(0.50, top.value(), EPSILON);
        assertEquals("", top.detail(), "no command line unless asked for");
        assertTrue(cpu.recommends(Advisors.CPU_SATURATED));
        assertTrue(cpu.recommends(Advisors.CPU_RUN_QUEUE), "load 6.10 on 4 cores");
        assertTrue(cpu.recommends(Advisors.CPU_STEAL), "20 % steal");
        assertFalse(cpu.recommends(Advisors.CPU_IOWAIT), "5 % iowait is below 20 %");
        assertFalse(cpu.recommends(Advisors.CPU_GC));
        assertTrue(cpu.recommendations().get(0).text().contains("the busiest process is java (pid 101) at 50.0%"),
                cpu.recommendations().get(0).text());
        assertTrue(cpu.recommendations().stream().allMatch(r -> r.advisor().startsWith("cpu.")));
    }

    @Test
    void cpu_leavesOutProcessesThatUsedNoCpu() {
        HostSnapshot host = Synthetic.host(0.9, 0.5, 0, 0.5);
        List<HostSnapshot.ProcessUsage> byCpu = List.of(
                new HostSnapshot.ProcessUsage(7, "java", "java -jar orders.jar", 0.85, 1_000_000),
                new HostSnapshot.ProcessUsage(2, "kthreadd", "[kthreadd]", 0.0004, 0));
        HostSnapshot withProcesses = new HostSnapshot(host.status(), host.reason(), host.timestampMillis(),
                host.interval(), host.baseline(), host.cpu(), host.load(), host.memory(), host.disks(),
                host.diskIo(), host.network(), host.oomKills(), byCpu, List.of());

        Explanation cpu = Explainer.defaults().explain(Resource.CPU, HealthInput.of(withProcesses, null));

        assertEquals(List.of("java (pid 7)"), cpu.topContributors().stream().map(Explanation.Contributor::name)
                .toList());
    }

    @Test
    void memory_namesTheLargestProcess_swapAndOomKills() {
        Explanation memory = Explainer.defaults().explain(Resource.MEMORY, busyHost(Synthetic.calmJvm()));

        assertTrue(memory.summary().startsWith("90.0% used: 1.5 GiB available of 15.3 GiB"), memory.summary());
        assertEquals("java (pid 101)", memory.topContributors().get(0).name());
        assertEquals(4_096_000_000.0, memory.topContributors().get(0).value(), EPSILON);
        assertTrue(memory.recommends(Advisors.MEMORY_LOW));
        assertTrue(memory.recommends(Advisors.MEMORY_SWAPPING), "75 % swap");
        assertTrue(memory.recommends(Advisors.MEMORY_OOM_KILLS), "2 kills in the interval");
        assertFalse(memory.recommends(Advisors.MEMORY_ESTIMATED));
        assertEquals(2, memory.reading("host.memory.oom.kills").value(), EPSILON);
    }

    @Test
    void memory_onAnOldKernel_saysAvailableIsEstimated() {
        HostSnapshot old = ProcFixtures.collector(ProcFixtures.resource("proc-old-kernel")).collect();
        Explanation memory = Explainer.defaults().explain(Resource.MEMORY, HealthInput.of(old, null));

        assertTrue(memory.recommends(Advisors.MEMORY_ESTIMATED));
        assertTrue(memory.summary().contains("(estimated: no MemAvailable)"), memory.summary());
        assertFalse(memory.recommends(Advisors.MEMORY_LOW), "56 % used");
        assertFalse(memory.recommends(Advisors.MEMORY_OOM_KILLS), "the kernel does not count them");
    }

    @Test
    void disk_namesTheFullMount_andTheBusyDevice() {
        Explanation disk = Explainer.defaults().explain(Resource.DISK, busyHost(Synthetic.calmJvm()));

        assertTrue(disk.summary().startsWith("fullest: / 95.0% full (4.7 GiB available); busiest device: sda 90.0%"
                + " busy"), disk.summary());
        assertEquals("/", disk.topContributors().get(0).name());
        assertTrue(disk.recommends(Advisors.DISK_NEARLY_FULL));
        assertTrue(disk.recommends(Advisors.DISK_BUSY));
        assertTrue(disk.recommendations().stream().anyMatch(r -> r.text().startsWith("/ is 95.0% full")));
        assertTrue(disk.recommendations().stream().anyMatch(r -> r.text().startsWith("Device sda is busy 90.0%")));
        assertFalse(disk.recommends(Advisors.DISK_FILLING), "the recorded pair does not grow");
    }

    @Test
    void disk_fillingAtItsRecentRate_saysWhenItIsFull() {
        // 80 % then 82 % of 100 GB an hour apart: 2 GB an hour, 18 GB left, full in 9 hours
        HostSnapshot hourAgo = Synthetic.host(0.3, 0.5, 0, 0.80, 0);
        HostSnapshot now = Synthetic.host(0.3, 0.5, 0, 0.82, 3_600_000);
        Explanation disk = Explainer.defaults().explain(Resource.DISK, new HealthInput(now, null,
                List.of(hourAgo, now), List.of()));

        assertTrue(disk.recommends(Advisors.DISK_FILLING));
        assertEquals(9.0, disk.reading("hours until / is full at the recent rate").value(), 1e-6);
        assertTrue(disk.recommendations().stream().anyMatch(r -> r.text().startsWith(
                "At its recent rate / fills in about 9.0 h")), disk.recommendations().toString());
        assertFalse(disk.recommends(Advisors.DISK_NEARLY_FULL), "82 % is below 85 %");
        Explanation.Trend trend = disk.recent().get(0);
        assertEquals(0.80, trend.min(), 1e-9);
        assertEquals(0.82, trend.max(), 1e-9);
        assertEquals(2, trend.samples());
    }

    @Test
    void network_reportsRatesErrorsAndDrops() {
        Explanation network = Explainer.defaults().explain(Resource.NETWORK, busyHost(null));

        assertTrue(network.summary().startsWith("2 interface(s): received 5.0 MiB/s, sent 1.0 MiB/s, 12 errors,"
                + " 3 drops in the last 10 s"), network.summary());
        assertEquals("eth0", network.topContributors().get(0).name());
        assertTrue(network.recommends(Advisors.NETWORK_ERRORS));
        assertTrue(network.recommends(Advisors.NETWORK_DROPS));
        assertTrue(network.recommendations().get(0).text().startsWith("eth0 had 12 receive and 0 transmit errors"));
    }

    @Test
    void jvm_namesGcOverheadAHeapNearItsLimitAndALargeThreadPool() {
        JvmSnapshot struggling = Synthetic.jvm(0.30, 0.90, 400, 3_800_000_000L, 4_000_000_000L,
                new JvmSnapshot.ThreadPool("http-nio-8080-exec", 250));
        Explanation jvm = Explainer.defaults().explain(Resource.JVM, HealthInput.of(null, struggling));

        assertTrue(jvm.summary().startsWith("heap 3.5 GiB of 3.7 GiB (95.0%), GC overhead 30.0%"), jvm.summary());
        assertEquals(List.of("heap near its limit", "heap after GC", "GC overhead", "thread pool http-nio-8080-exec"),
                jvm.topContributors().stream().map(Explanation.Contributor::name).toList());
        assertTrue(jvm.recommends(Advisors.JVM_HEAP_NEAR_LIMIT));
        assertTrue(jvm.recommends(Advisors.JVM_GC_OVERHEAD));
        assertTrue(jvm.recommends(Advisors.JVM_HEAP_AFTER_GC));
        assertTrue(jvm.recommends(Advisors.JVM_THREAD_POOL_LARGE));
        assertFalse(jvm.recommends(Advisors.JVM_THREADS), "400 threads is below 1,000");
        assertTrue(jvm.recommendations().stream().anyMatch(r -> r.text().startsWith(
                "Thread pool 'http-nio-8080-exec' has 250 threads")));

        Explanation cpu = Explainer.defaults().explain(Resource.CPU, HealthInput.of(null, struggling));
        assertTrue(cpu.recommends(Advisors.CPU_GC), "GC overhead shows from the CPU too");
        assertEquals("no host snapshot", cpu.summary());
    }

    @Test
    void jvm_recentValues_comeFromTheJvmHistory() {
        List<JvmSnapshot> history = List.of(Synthetic.jvm(0.01, 0.3, 100), Synthetic.jvm(0.05, 0.3, 140),
                Synthetic.jvm(0.03, 0.3, 120));
        Explanation jvm = Explainer.defaults().explain(Resource.JVM, new HealthInput(null, history.get(2), List.of(),
                history));

        Explanation.Trend threads = jvm.recent().stream().filter(t -> t.name().equals("jvm.threads.live"))
                .findFirst().orElseThrow();
        assertEquals(100, threads.min(), EPSILON);
        assertEquals(120, threads.average(), EPSILON);
        assertEquals(140, threads.max(), EPSILON);
        assertEquals(3, threads.samples());
    }

    @Test
    void userAdvisors_runAfterTheBuiltInOnes_andCanReplaceThem() {
        Advisor batchWindow = Advisor.when(Resource.CPU, "cpu.batch-window", in -> in.host().cpu().total() > 0.8,
                in -> "The nightly batch runs now: CPU this busy is expected");
        HealthInput input = busyHost(Synthetic.calmJvm());

        Explanation extended = Explainer.builder().advisor(batchWindow).build().explain(Resource.CPU, input);
        assertEquals("cpu.batch-window", extended.recommendations().get(extended.recommendations().size() - 1)
                .advisor());
        assertTrue(extended.recommends(Advisors.CPU_SATURATED));

        Explanation only = Explainer.builder().withoutDefaultAdvisors().advisor(batchWindow).build()
                .explain(Resource.CPU, input);
        assertEquals(List.of("cpu.batch-window"), only.recommendations().stream()
                .map(Explanation.Recommendation::advisor).toList());
        assertTrue(Explainer.builder().advisor(batchWindow).build().explain(Resource.DISK, input).recommendations()
                .stream().noneMatch(r -> r.advisor().equals("cpu.batch-window")), "an advisor is about its resource");
    }

    @Test
    void anAdvisorThatThrows_isSkipped() {
        Advisor broken = (resource, input) -> {
            throw new IllegalStateException("broken advisor");
        };
        Advisor empty = (resource, input) -> Optional.empty();
        Explanation cpu = Explainer.builder().advisor(broken).advisor(empty).build().explain(Resource.CPU,
                busyHost(null));

        assertTrue(cpu.recommends(Advisors.CPU_SATURATED));
    }

    @Test
    void thresholds_reachTheBuiltInAdvisors() {
        HealthThresholds lenient = HealthThresholds.builder().set(Indicator.CPU, new Threshold(0.95, 1, 20)).build();
        Explanation cpu = Explainer.builder().thresholds(lenient).build().explain(Resource.CPU,
                busyHost(null));

        assertFalse(cpu.recommends(Advisors.CPU_SATURATED), "90 % is within a 95 % threshold");
    }

    @Test
    void unavailableHost_explainsWhy() {
        Explanation cpu = Explainer.defaults().explain(Resource.CPU, HealthInput.of(
                HostSnapshot.unavailable("no readable /proc/stat: host metrics need Linux (this is Mac OS X)", 1),
                null));

        assertEquals("host metrics unavailable: no readable /proc/stat: host metrics need Linux (this is Mac OS X)",
                cpu.summary());
        assertTrue(cpu.current().isEmpty());
        assertTrue(cpu.recommendations().isEmpty());
    }

    @Test
    void explanation_printsAsText() {
        Explanation cpu = Explainer.defaults().explain(Resource.CPU, busyHost(Synthetic.calmJvm()));
        String text = cpu.toText();

        assertTrue(text.startsWith("CPU: 90.0% busy on 4 cores"), text);
        assertTrue(text.contains("\n  now:\n    host.cpu.utilization{mode=total}"), text);
        assertTrue(text.contains("\n  top contributors:\n    java (pid 101)"), text);
        assertTrue(text.contains("[cpu.steal]"), text);
        assertNotNull(cpu.reading("host.load.average.1m"));
    }
}
