package io.liteobs.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.host.ProcFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked examples of docs/health.md, and the scorer's rules. */
class HealthScorerTest {

    private static final double EPSILON = 1e-6;

    @TempDir
    Path dir;

    private static List<Indicator> indicators(HealthReport report) {
        return report.bottlenecks().stream().map(HealthReport.Assessment::indicator).toList();
    }

    @Test
    void calmMachine_scores100_healthy() {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(Synthetic.host(0.30, 0.50, 0, 0.50),
                Synthetic.calmJvm()));

        assertEquals(100, report.score());
        assertEquals(HealthReport.Status.HEALTHY, report.status());
        assertTrue(report.bottlenecks().isEmpty());
        assertEquals(7, report.assessments().size());
        assertTrue(report.notAssessed().isEmpty());
        assertEquals("health 100/100 HEALTHY (no bottleneck)", report.toText());
    }

    @Test
    void workedExample_cpu90_disk95_scores63() {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(Synthetic.host(0.90, 0.50, 0, 0.95),
                Synthetic.calmJvm()));

        assertEquals(List.of(Indicator.DISK, Indicator.CPU), indicators(report), "worst first");
        assertEquals(26.667, report.bottlenecks().get(0).penalty(), 1e-3, "40 x (0.95 - 0.85) / (1 - 0.85)");
        assertEquals(10.0, report.bottlenecks().get(1).penalty(), EPSILON, "20 x (0.90 - 0.80) / (1 - 0.80)");
        assertEquals(63, report.score(), "100 - 36.7");
        assertEquals(HealthReport.Status.DEGRADED, report.status());
        assertEquals("/", report.bottlenecks().get(0).subject());
        assertEquals(List.of(Resource.DISK, Resource.CPU), report.resourcesToExplain());
        assertTrue(report.toText().contains("bottleneck DISK          / at 95.0% (threshold 85.0%): -26.7"),
                report.toText());
    }

    @Test
    void workedExample_recordedBusyHost_scores50() {
        HostSnapshot busy = ProcFixtures.modernPair(dir)[1];
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(busy, Synthetic.calmJvm()));

        // CPU 90 % -> 10, memory 90 % -> 8.3, swap 75 % -> 5, disk / 95 % -> 26.7
        assertEquals(List.of(Indicator.DISK, Indicator.CPU, Indicator.MEMORY, Indicator.SWAP), indicators(report));
        assertEquals(8.333, report.bottlenecks().get(2).penalty(), 1e-3);
        assertEquals(5.0, report.bottlenecks().get(3).penalty(), EPSILON);
        assertEquals(50, report.score());
        assertEquals(HealthReport.Status.DEGRADED, report.status());
    }

    @Test
    void workedExample_jvmCauses_scores73() {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(Synthetic.host(0.30, 0.50, 0, 0.50),
                Synthetic.jvm(0.30, 0.90, 3_000)));

        assertEquals(List.of(Indicator.HEAP_AFTER_GC, Indicator.GC_OVERHEAD, Indicator.THREADS), indicators(report));
        assertEquals(12.0, report.bottlenecks().get(0).penalty(), EPSILON, "20 x (0.90 - 0.75) / (1 - 0.75)");
        assertEquals(10.0, report.bottlenecks().get(1).penalty(), EPSILON, "20 x (0.30 - 0.10) / (0.50 - 0.10)");
        assertEquals(5.0, report.bottlenecks().get(2).penalty(), EPSILON, "10 x (3000 - 1000) / (5000 - 1000)");
        assertEquals(73, report.score());
    }

    @Test
    void diskExhaustion_isWeightedHardest() {
        HealthScorer scorer = HealthScorer.defaults();
        int diskFull = scorer.score(HealthInput.of(Synthetic.host(0.30, 0.50, 0, 1.0), Synthetic.calmJvm())).score();
        int cpuFull = scorer.score(HealthInput.of(Synthetic.host(1.0, 0.50, 0, 0.5), Synthetic.calmJvm())).score();
        int memoryFull = scorer.score(HealthInput.of(Synthetic.host(0.3, 1.0, 0, 0.5), Synthetic.calmJvm())).score();

        assertEquals(60, diskFull);
        assertEquals(80, cpuFull);
        assertEquals(75, memoryFull);
        assertTrue(diskFull < memoryFull && memoryFull < cpuFull);
    }

    @Test
    void everythingSaturated_scores0_unhealthy() {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(Synthetic.host(1.0, 1.0, 1.0, 1.0),
                Synthetic.jvm(0.60, 1.0, 6_000)));

        assertEquals(0, report.score(), "145 points of penalties, floored at 0");
        assertEquals(HealthReport.Status.UNHEALTHY, report.status());
        assertEquals(7, report.bottlenecks().size());
    }

    @Test
    void baselineSnapshot_leavesCpuNotAssessed() {
        HostSnapshot first = ProcFixtures.modernPair(dir)[0];
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(first, null));

        assertTrue(report.notAssessed().containsKey(Indicator.CPU));
        assertTrue(report.notAssessed().containsKey(Indicator.GC_OVERHEAD));
        assertFalse(report.assessments().stream().anyMatch(a -> a.indicator() == Indicator.CPU));
    }

    @Test
    void unavailableHost_scoresTheJvmAlone() {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(
                HostSnapshot.unavailable("no /proc", 5), Synthetic.jvm(0.30, 0.30, 100)));

        assertEquals(90, report.score());
        assertEquals("no /proc", report.notAssessed().get(Indicator.DISK));
        assertTrue(report.toText().contains("not assessed DISK: no /proc"), report.toText());
    }

    @Test
    void customThresholdsAndWeights_changeTheScore() {
        HealthThresholds thresholds = HealthThresholds.builder()
                .weight(Indicator.DISK, 0)
                .set(Indicator.CPU, new Threshold(0.50, 1.0, 50))
                .build();
        HealthReport report = HealthScorer.of(thresholds).score(HealthInput.of(Synthetic.host(0.75, 0.50, 0, 0.99),
                Synthetic.calmJvm()));

        assertEquals(List.of(Indicator.CPU), indicators(report), "disk weighs nothing now");
        assertEquals(75, report.score(), "50 x (0.75 - 0.50) / (1 - 0.50) = 25");
        assertEquals(HealthThresholds.DEFAULT_MEMORY, thresholds.get(Indicator.MEMORY));
        assertEquals(thresholds.asMap(), thresholds.toBuilder().build().asMap());
    }

    @Test
    void threshold_rejectsContradictions_namingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Threshold(0.9, 0.8, 10)).getMessage()
                .startsWith("saturation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Threshold(0.5, 1, -1)).getMessage()
                .startsWith("weight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Threshold(Double.NaN, 1, 1)).getMessage()
                .startsWith("threshold"));
        assertEquals(0, new Threshold(0.5, 1, 10).penalty(Double.NaN));
        assertEquals(10, new Threshold(0.5, 1, 10).penalty(7));
    }

    @Test
    void report_serialisesToJson_forTheHttpApi() throws Exception {
        HealthReport report = HealthScorer.defaults().score(HealthInput.of(Synthetic.host(0.90, 0.50, 0, 0.95),
                Synthetic.calmJvm()));

        String json = new ObjectMapper().writeValueAsString(report);

        assertTrue(json.contains("\"score\":63"), json);
        assertTrue(json.contains("\"status\":\"DEGRADED\""), json);
        assertTrue(json.contains("\"indicator\":\"DISK\""), json);
    }
}
