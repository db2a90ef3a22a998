package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code objectives} section of rule files: each field read as the code builds it, and every error named. */
class ObjectiveRuleFileTest {

    private static final String YAML = """
            rules:
              - id: worker-stale
                heartbeat: stale
            objectives:
              - id: checkout-availability
                http: availability
                route: /checkout
                method: POST
                target: 99.9%
                window: 30d
              - id: checkout-latency
                http: latency
                route: /checkout
                threshold: 300ms
                target: 0.99
                window: 7d
                alerts:
                  minEvents: 500
                  interval: 30s
                  page:
                    - {long: 1h, short: 5m, burnRate: 10}
                  ticket: []
              - id: payments
                audit: payments
                operation: charge
                goodStatuses: [success, declined]
                alerts: none
              - id: jobs
                counters: {bad: jobs.failed, total: jobs.started}
                where: {queue: main}
            """;

    @TempDir
    Path dir;

    @Test
    void objectives_readAsTheCodeBuildsThem() throws IOException {
        Path file = Files.writeString(dir.resolve("slo.yaml"), YAML);

        RuleFile.Contents contents = RuleFile.read(file);

        assertEquals(List.of("worker-stale"), contents.rules().stream().map(AlertRule::id).toList());
        assertEquals(List.of(
                Objective.named("checkout-availability", Indicator.httpAvailability().route("/checkout")
                        .method("POST")).target(0.999).window(Duration.ofDays(30)),
                Objective.named("checkout-latency", Indicator.httpLatency(Duration.ofMillis(300)).route("/checkout"))
                        .target(0.99).window(Duration.ofDays(7))
                        .alerts(BurnRateAlerts.workbook(Duration.ofDays(7)).minEvents(500)
                                .every(Duration.ofSeconds(30))
                                .page(new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 10)).ticket()),
                Objective.named("payments", Indicator.audit("payments").operation("charge")
                        .goodStatuses(Set.of("success", "declined"))).alerts(BurnRateAlerts.none()),
                Objective.named("jobs", Indicator.badOverTotal("jobs.failed", "jobs.started").where("queue", "main"))),
                contents.objectives());
        assertEquals(List.of("worker-stale", "checkout-availability:page", "checkout-availability:ticket",
                        "checkout-latency:page", "jobs:page", "jobs:ticket"),
                RuleFile.load(file).stream().map(AlertRule::id).toList(), "load gives the objectives' rules too");
    }

    @Test
    void json_readsTheSameObjectives() {
        String json = """
                {"objectives": [{"id": "a", "http": "availability", "target": 0.995, "window": "14d"}]}
                """;
        assertEquals(List.of(Objective.named("a", Indicator.httpAvailability()).target(0.995)
                .window(Duration.ofDays(14))), RuleFile.parseContents(json, "slo.json").objectives());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            target: 1.5                      | objective 'o' (#1), field 'target': 1.5 is not a target: write a share above 0 and below 1, such as 0.999 for 99.9%
            target: ninety%                  | objective 'o' (#1), field 'target': 'ninety%' is not a percentage such as 99.9%
            window: 30 days                  | objective 'o' (#1), field 'window': '30 days' is not a duration: write 90s, 2m, 1h30m, 250ms, 1d or ISO-8601 such as PT2M
            window: 30m                      | objective 'o' (#1), field 'window': 30m is shorter than 1h
            threshold: 1s                    | objective 'o' (#1), field 'threshold': does not go with http: availability
            audit: payments                  | objective 'o' (#1), field 'audit': an objective measures exactly one of http, audit or counters, not http and audit
            tagret: 0.99                     | objective 'o' (#1), field 'tagret': unknown field; an objective takes alerts, audit, counters, goodStatuses, http, id, method, operation, route, target, threshold, where, window
            alerts: {page: [{long: 5m, short: 1h, burnRate: 2}]} | objective 'o' (#1), field 'alerts.page[0]': longWindow (5m) must be longer than shortWindow (1h)
            alerts: {page: [{long: 1h, short: 5m}]} | objective 'o' (#1), field 'alerts.page[0]': needs long, short (durations) and burnRate (a number)
            alerts: {minEvents: 0}           | objective 'o' (#1), field 'alerts.minEvents': minEvents must be 1 or more, got 0
            alerts: {pager: []}              | objective 'o' (#1), field 'alerts.pager': unknown field; alerts takes interval, minEvents, page, ticket
            alerts: {page: [{long: 40d, short: 1h, burnRate: 1}]} | objective 'o' (#1), field 'alerts': the long window 40d is longer than the objective's window 30d
            """)
    void errors_nameTheFileTheObjectiveAndTheField(String line, String message) {
        String yaml = "objectives:\n  - id: o\n    http: availability\n    " + line + "\n";
        RuleFileException error = assertThrows(RuleFileException.class,
                () -> RuleFile.parseContents(yaml, "slo.yaml"));
        assertEquals("slo.yaml: " + message, error.getMessage());
        assertEquals("o", error.ruleId());
    }

    @Test
    void kindErrors_andDuplicates_areNamed() {
        assertEquals("slo.yaml: objective 'o' (#1): an objective measures exactly one of http, audit or counters",
                assertThrows(RuleFileException.class, () -> RuleFile.parseContents(
                        "objectives:\n  - {id: o, target: 0.9}\n", "slo.yaml")).getMessage());
        assertEquals("slo.yaml: objective 'o' (#1), field 'counters': names total and exactly one of good or bad",
                assertThrows(RuleFileException.class, () -> RuleFile.parseContents(
                        "objectives:\n  - {id: o, counters: {good: a, bad: b, total: c}}\n", "slo.yaml"))
                        .getMessage());
        assertEquals("slo.yaml: objective 'o' (#2), field 'id': another objective of the file has the id 'o'",
                assertThrows(RuleFileException.class, () -> RuleFile.parseContents(
                        "objectives:\n  - {id: o, audit: a}\n  - {id: o, audit: b}\n", "slo.yaml")).getMessage());
        assertEquals("slo.yaml: objective 'o' (#1), field 'id': its alert rule 'o:page' has the id of a rule of the"
                        + " file", assertThrows(RuleFileException.class, () -> RuleFile.parseContents(
                        "rules:\n  - {id: 'o:page', heartbeat: stale}\nobjectives:\n  - {id: o, audit: a}\n",
                        "slo.yaml")).getMessage());
        assertEquals("slo.yaml: objective #1, field 'id': every objective needs an id",
                assertThrows(RuleFileException.class, () -> RuleFile.parseContents(
                        "objectives:\n  - {audit: a}\n", "slo.yaml")).getMessage());
    }
}
