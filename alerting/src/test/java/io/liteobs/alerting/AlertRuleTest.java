package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.RecorderStats;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule expression, its settings and their checks, templates, the default sets, and the library's counters. */
class AlertRuleTest {

    @Test
    void oneExpression_setsEverything_andEachSettingIsANewRule() {
        AlertRule base = AlertRule.named("cpu-high").metric("host.cpu.utilization").where("mode", "total")
                .avg(Duration.ofMinutes(2)).above(0.9);
        AlertRule set = base.pendingFor(Duration.ofMinutes(2)).keepFiringFor(Duration.ofMinutes(1)).minSamples(4)
                .severity(Severity.CRITICAL).label("team", "infra").every(Duration.ofSeconds(30)).maxInstances(5);

        assertEquals(Duration.ZERO, base.pendingFor(), "the base rule is unchanged");
        assertEquals("avg of host.cpu.utilization{mode=\"total\"} over 2m", set.source().describe());
        assertEquals("metric:host.cpu.utilization", set.source().name());
        assertEquals("> 0.9", set.condition());
        assertEquals(Duration.ofMinutes(2), set.pendingFor());
        assertEquals(Duration.ofMinutes(1), set.keepFiringFor());
        assertEquals(4, set.minSamples());
        assertEquals(Severity.CRITICAL, set.severity());
        assertEquals(Labels.of("team", "infra"), set.labels());
        assertEquals(Duration.ofSeconds(30), set.interval());
        assertEquals(5, set.maxInstances());
        assertEquals("AlertRule[cpu-high: avg of host.cpu.utilization{mode=\"total\"} over 2m > 0.9, pending for 2m,"
                + " critical]", set.toString());
    }

    @Test
    void settingsOutOfRange_areRefusedNamingTheSetting() {
        AlertRule rule = AlertRule.named("r").metric("m").last(Duration.ofMinutes(1)).below(1);
        assertEquals("alert rule id 'has space' must match " + AlertRule.ID_PATTERN,
                assertThrows(IllegalArgumentException.class, () -> AlertRule.named("has space")).getMessage());
        assertEquals("pendingFor must be zero or more, got PT-1S", assertThrows(IllegalArgumentException.class,
                () -> rule.pendingFor(Duration.ofSeconds(-1))).getMessage());
        assertEquals("minSamples must be 1 or more, got 0", assertThrows(IllegalArgumentException.class,
                () -> rule.minSamples(0)).getMessage());
        assertEquals("a window must be at least 1 ms, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> AlertRule.named("r").metric("m").avg(Duration.ZERO)).getMessage());
        assertEquals("a threshold must be a finite number, got NaN", assertThrows(IllegalArgumentException.class,
                () -> AlertRule.named("r").metric("m").avg(Duration.ofMinutes(1)).above(Double.NaN)).getMessage());
    }

    @Test
    void templates_fillValuesLabelsAndFacts_andLeaveUnknownPlaceholders() {
        AlertRule rule = AlertRule.named("disk").metric("host.disk.utilization").last(Duration.ofMinutes(5))
                .above(0.9).summary("{{labels.mount}} at {{value}} ({{condition}}, {{samples}} samples) {{nope}}");
        Observation observation = new Observation(Labels.of("mount", "/var"), 0.93456, 3, Map.of());
        assertEquals("/var at 0.9346 (> 0.9, 3 samples) {{nope}}",
                RuleEvaluation.message(rule, observation, rule.summary()));
        assertEquals("x".repeat(Templates.MAX_LENGTH - 1) + "…", Templates.fill("x".repeat(5_000), Map.of()));
        assertEquals("none", Templates.format(Double.NaN));
        assertEquals("12", Templates.format(12.0));
        assertEquals("0.001235", Templates.format(0.00123456));
    }

    @Test
    void defaultRules_haveDistinctIds_overThePublishedMetricNames_andTakeOtherThresholds() {
        List<AlertRule> all = DefaultRules.all();
        Set<String> ids = new HashSet<>();
        all.forEach(rule -> assertTrue(ids.add(rule.id()), rule.id()));
        assertEquals(13, all.size());
        // the names runtime-metrics writes (docs/runtime-and-host-metrics.md)
        Set<String> metrics = Set.of("host.cpu.utilization", "host.memory.utilization", "host.disk.utilization",
                "host.swap.utilization", "host.memory.oom.kills", "jvm.memory.usage.after.gc", "jvm.gc.overhead");
        all.stream().filter(rule -> rule.source() instanceof MetricSource)
                .forEach(rule -> assertTrue(metrics.contains(((MetricSource) rule.source()).metric()), rule.id()));

        AlertRule cpu = DefaultRules.host().cpuAbove(0.95).rules().get(0);
        assertEquals("> 0.95", cpu.condition());
        assertThrows(IllegalArgumentException.class, () -> DefaultRules.host().diskAbove(90));
        assertEquals("workers whose latest heartbeat is older than 2m",
                DefaultRules.liveness().staleAfter(Duration.ofMinutes(2)).rules().get(0).source().describe());
        List<AlertRule> http = DefaultRules.http().serverErrorRateAbove(0.1).p99MillisAbove(2000).minRequests(50)
                .window(Duration.ofMinutes(10)).rules();
        assertEquals(List.of("> 0.1", "> 2000"), http.stream().map(AlertRule::condition).toList());
        assertEquals("p99 latency ms of every route over 10m", http.get(1).source().describe());
        assertEquals(50, http.get(0).minSamples());
        assertThrows(IllegalArgumentException.class, () -> DefaultRules.http().serverErrorRateAbove(5));
    }

    @Test
    void recorderCounters_growOverTheWindow_fromZeroAtStart() {
        RecorderHistory history = new RecorderHistory(Duration.ofMinutes(5));
        history.record(0, List.of(stats("audit", 2)));
        history.record(60_000, List.of(stats("audit", 5)));
        history.record(360_000, List.of(stats("audit", 9)));
        assertEquals(Map.of("audit", 9L), history.increase(EvaluationContext.RecorderCounter.DROPPED,
                Duration.ofMinutes(10), 360_000), "since start");
        assertEquals(Map.of("audit", 4L), history.increase(EvaluationContext.RecorderCounter.DROPPED,
                Duration.ofMinutes(5), 360_000), "since the sample at 60 s");
        assertEquals(Map.of("audit", 0L), history.increase(EvaluationContext.RecorderCounter.FAILED,
                Duration.ofMinutes(5), 360_000));
    }

    private static RecorderStats stats(String component, long dropped) {
        return new RecorderStats(component, 100, 100 - dropped, dropped, 0, 0, 0);
    }
}
