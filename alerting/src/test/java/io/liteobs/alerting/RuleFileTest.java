package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liteobs.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules read from YAML and JSON, and errors that name the file, the rule, the field and the problem. */
class RuleFileTest {

    private static final String YAML = """
            rules:
              - id: cpu-high
                metric: host.cpu.utilization
                where: {mode: total}
                aggregate: avg
                window: 2m
                above: 0.9
                pendingFor: 2m
                keepFiringFor: 1m
                minSamples: 3
                severity: critical
                labels: {team: infra}
                summary: "CPU at {{value}}"
                description: Look at the busiest processes.
                interval: 30s
                maxInstances: 20
              - id: orders-silent
                metric: orders.placed
                absentFor: PT10M
              - id: worker-stale
                heartbeat: stale
                staleAfter: 1m
              - id: drops
                liteobs: dropped
                window: 5m
                above: 0
              - id: degraded
                liteobs: store-degraded
                pendingFor: 1m
            """;

    @TempDir
    Path dir;

    @Test
    void yamlFile_givesTheRulesAsWrittenInJava() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, YAML);
        List<AlertRule> rules = RuleFile.load(file);

        assertEquals(List.of("cpu-high", "orders-silent", "worker-stale", "drops", "degraded"),
                rules.stream().map(AlertRule::id).toList());
        AlertRule cpu = rules.get(0);
        AlertRule same = AlertRule.named("cpu-high").metric("host.cpu.utilization").where("mode", "total")
                .avg(Duration.ofMinutes(2)).above(0.9);
        assertEquals(same.source(), cpu.source());
        assertEquals("> 0.9", cpu.condition());
        assertEquals(Duration.ofMinutes(2), cpu.pendingFor());
        assertEquals(Duration.ofMinutes(1), cpu.keepFiringFor());
        assertEquals(3, cpu.minSamples());
        assertEquals(Severity.CRITICAL, cpu.severity());
        assertEquals(Labels.of("team", "infra"), cpu.labels());
        assertEquals("CPU at {{value}}", cpu.summary());
        assertEquals("Look at the busiest processes.", cpu.description());
        assertEquals(Duration.ofSeconds(30), cpu.interval());
        assertEquals(20, cpu.maxInstances());
        assertEquals("absent", rules.get(1).condition());
        assertEquals("orders.placed over 10m", rules.get(1).source().describe());
        assertEquals("workers whose latest heartbeat is older than 1m", rules.get(2).source().describe());
        assertEquals("entries dropped by LiteObs recorders over 5m", rules.get(3).source().describe());
        assertEquals(Duration.ofMinutes(1), rules.get(4).pendingFor());
    }

    @Test
    void jsonFile_isReadAsJson() {
        List<AlertRule> rules = RuleFile.parse("""
                {"rules": [{"id": "slow", "metric": "orders.latency", "aggregate": "max", "window": "5m",
                            "below": 250, "severity": "info"}]}""", "rules.json");
        assertEquals("max of orders.latency over 5m", rules.get(0).source().describe());
        assertEquals("< 250", rules.get(0).condition());
        assertEquals(Severity.INFO, rules.get(0).severity());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            window: 2 minutes                  | rules.yaml: rule 'r' (#1), field 'window': '2 minutes' is not a duration: write 90s, 2m, 1h30m, 250ms, 1d or ISO-8601 such as PT2M
            aggregate: median                  | rules.yaml: rule 'r' (#1), field 'aggregate': 'median' is not an aggregation: use avg, min, max, last, sum, count or rate
            above: lots                        | rules.yaml: rule 'r' (#1), field 'above': 'lots' is not a number
            severity: urgent                   | rules.yaml: rule 'r' (#1), field 'severity': 'urgent' is not a severity: use info, warning or critical
            minSamples: 0                      | rules.yaml: rule 'r' (#1), field 'minSamples': minSamples must be 1 or more, got 0
            pendingFor: -PT1M                  | rules.yaml: rule 'r' (#1), field 'pendingFor': pendingFor must be zero or more, got PT-1M
            interval: 100ms                    | rules.yaml: rule 'r' (#1), field 'interval': an alert rule's interval must be at least 1s, got PT0.1S
            pendingfor: 1m                     | rules.yaml: rule 'r' (#1), field 'pendingfor': unknown field; a rule takes above, absentFor, aggregate, below, description, heartbeat, http, id, interval, keepFiringFor, labels, liteobs, maxInstances, method, metric, minRequests, minSamples, pendingFor, route, severity, staleAfter, summary, where, window
            below: 3                           | rules.yaml: rule 'r' (#1), field 'below': a rule compares with exactly one of above or below
            route: /orders                     | rules.yaml: rule 'r' (#1), field 'route': does not go with metric
            heartbeat: stale                   | rules.yaml: rule 'r' (#1), field 'heartbeat': a rule watches exactly one of metric, heartbeat, liteobs or http, not metric and heartbeat
            """)
    void ruleError_namesTheRuleTheFieldAndTheProblem(String line, String message) {
        String base = "id: r\nmetric: cpu\naggregate: avg\nwindow: 1m\nabove: 1\n";
        String rule = base.lines().filter(field -> !field.startsWith(line.substring(0, line.indexOf(':')) + ":"))
                .reduce("", (all, field) -> all + field + "\n") + line + "\n";
        String yaml = "rules:\n" + rule.lines().map(field -> (field.startsWith("id:") ? "  - " : "    ") + field)
                .reduce("", (all, field) -> all + field + "\n");
        RuleFileException error = assertThrows(RuleFileException.class, () -> RuleFile.parse(yaml, "rules.yaml"));
        assertEquals(message, error.getMessage());
        assertEquals("r", error.ruleId());
    }

    @Test
    void httpRules_areReadAsWrittenInJava() {
        List<AlertRule> rules = RuleFile.parse("""
                rules:
                  - id: orders-errors
                    http: server-error-rate
                    route: "/orders/{id}"
                    method: POST
                    minRequests: 20
                    window: 5m
                    above: 0.05
                  - id: slow
                    http: p99
                    window: 5m
                    above: 800
                """, "rules.yaml");
        AlertRule orders = rules.get(0);
        AlertRule same = AlertRule.named("orders-errors").http().route("/orders/{id}").method("POST")
                .serverErrorRate(Duration.ofMinutes(5)).above(0.05);
        assertEquals(same.source(), orders.source());
        assertEquals("5xx rate of POST /orders/{id} over 5m", orders.source().describe());
        assertEquals(20, orders.minSamples());
        assertEquals("p99 latency ms of every route over 5m", rules.get(1).source().describe());
        assertEquals(AlertRule.HttpSelection.DEFAULT_MIN_REQUESTS, rules.get(1).minSamples());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http: median                       | rules.yaml: rule 'r' (#1), field 'http': 'median' is not an HTTP measure: use server-error-rate, client-error-rate, request-rate, p50, p90, p95, p99 or max
            minRequests: 0                     | rules.yaml: rule 'r' (#1), field 'minRequests': minRequests must be 1 or more, got 0
            minSamples: 3                      | rules.yaml: rule 'r' (#1), field 'minSamples': does not go with http
            aggregate: avg                     | rules.yaml: rule 'r' (#1), field 'aggregate': does not go with http
            """)
    void httpRuleError_namesTheRuleAndTheField(String line, String message) {
        String yaml = "rules:\n  - id: r\n    window: 1m\n    above: 1\n    " + line + "\n"
                + (line.startsWith("http:") ? "" : "    http: p99\n");
        RuleFileException error = assertThrows(RuleFileException.class, () -> RuleFile.parse(yaml, "rules.yaml"));
        assertEquals(message, error.getMessage());
    }

    @Test
    void fileErrors_nameTheFile_andARuleWithoutIdItsPosition() {
        assertEquals("rules.yaml: a rule file holds a list 'rules', a list 'objectives' or both at its top level",
                assertThrows(RuleFileException.class, () -> RuleFile.parse("alerts: []", "rules.yaml")).getMessage());
        assertEquals("rules.yaml: rule #2, field 'id': every rule needs an id", assertThrows(RuleFileException.class,
                () -> RuleFile.parse("rules:\n  - {id: a, heartbeat: stale}\n  - {heartbeat: stale}\n",
                        "rules.yaml")).getMessage());
        assertEquals("rules.yaml: rule 'a' (#2), field 'id': another rule of the file has the id 'a'",
                assertThrows(RuleFileException.class, () -> RuleFile.parse(
                        "rules:\n  - {id: a, heartbeat: stale}\n  - {id: a, heartbeat: stale}\n", "rules.yaml"))
                        .getMessage());
        assertEquals("rules.yaml: rule 'bad id' (#1), field 'id': alert rule id 'bad id' must match "
                + AlertRule.ID_PATTERN, assertThrows(RuleFileException.class, () -> RuleFile.parse(
                        "rules:\n  - {id: bad id, heartbeat: stale}\n", "rules.yaml")).getMessage());
        RuleFileException notJson = assertThrows(RuleFileException.class,
                () -> RuleFile.parse("{\"rules\": [", "rules.json"));
        assertEquals(true, notJson.getMessage().startsWith("rules.json: not valid JSON: "), notJson.getMessage());
    }
}
