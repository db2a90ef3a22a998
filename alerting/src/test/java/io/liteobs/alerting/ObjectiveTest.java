package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.AuditEntry;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service level objectives over traffic recorded into a real SQLite file at chosen times, the time moved by a
 * {@link ManualClock}: the SLI, the budget and the burn rates against values computed by hand, each burn-rate
 * condition firing and resolving, the low-traffic guard, and the explanation of a spent budget.
 */
class ObjectiveTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(NOW);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);
    private final Traffic traffic = new Traffic(clock, 18);

    private Alerting alerting(LiteObs obs, Objective objective) {
        Alerting alerting = Alerting.builder(obs).scheduled(false).objective(objective).build();
        file.closedLater(alerting);
        return alerting;
    }

    private static BurnRate burnRate(ObjectiveStatus status, String window) {
        return status.burnRates().stream().filter(rate -> rate.window().equals(window)).findFirst().orElseThrow();
    }

    @Test
    void status_sliBudgetAndBurnRates_equalTheValuesComputedByHand() {
        LiteObs obs = file.liteObs();
        traffic.ordersOfAMonth(obs);
        Objective objective = Objective.named("orders", Indicator.httpAvailability()).target(0.99);

        ObjectiveStatus status = ErrorBudget.status(objective, obs.store(), clock.millis());

        assertEquals(6_850, status.goodEvents());
        assertEquals(6_895, status.events());
        assertEquals(6_850.0 / 6_895, status.sli(), 1e-12);
        assertEquals(0.01, status.errorBudget(), 1e-12);
        // allowed: 1 % of 6,895 = 68.95 bad requests; 45 spent
        assertEquals(1 - 45 / 68.95, status.budgetRemaining(), 1e-9);
        assertEquals(68.95 - 45, status.budgetRemainingEvents(), 1e-9);
        assertEquals("30d", status.window());
        assertEquals(List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d"),
                status.burnRates().stream().map(BurnRate::window).toList());
        assertEquals(5.0 / 55 / 0.01, burnRate(status, "5m").burnRate(), 1e-9);
        assertEquals(11.0 / 161 / 0.01, burnRate(status, "30m").burnRate(), 1e-9);
        assertEquals(11.0 / 161 / 0.01, burnRate(status, "1h").burnRate(), 1e-9);
        assertEquals(15.0 / 365 / 0.01, burnRate(status, "2h").burnRate(), 1e-9);
        assertEquals(15.0 / 365 / 0.01, burnRate(status, "6h").burnRate(), 1e-9);
        assertEquals(25.0 / 875 / 0.01, burnRate(status, "1d").burnRate(), 1e-9);
        assertEquals(25.0 / 1_875 / 0.01, burnRate(status, "3d").burnRate(), 1e-9);
        assertEquals(1_875, burnRate(status, "3d").events());
        assertEquals(ObjectiveStatus.TICKET, status.alert(), "3d and 6h burn above 1; 1d and 2h not above 3");
    }

    @Test
    void latencyAuditAndCounters_countTheirGoodEvents() {
        LiteObs obs = file.liteObs();
        traffic.requests(obs, Duration.ofMinutes(1), "/pay", 30, 500, 10);           // 30 took 20 ms, 10 took 900 ms
        traffic.requests(obs, Duration.ofMinutes(1), "/other", 5, 500, 5);
        for (int i = 0; i < 12; i++) {
            obs.audit().log(AuditEntry.builder("payments", i < 2 ? "refund" : "charge")
                    .status(i % 4 == 0 ? "error" : i % 4 == 1 ? "declined" : AuditEntry.STATUS_SUCCESS)
                    .timestamp(clock.instant().minusSeconds(30)).build());
        }
        obs.metrics().record("jobs.started", 40, null, Labels.of("queue", "main"), clock.instant().minusSeconds(90));
        obs.metrics().record("jobs.started", 60, null, Labels.of("queue", "main"), clock.instant().minusSeconds(30));
        obs.metrics().record("jobs.failed", 3, null, Labels.of("queue", "main"), clock.instant().minusSeconds(30));
        obs.metrics().record("jobs.failed", 50, null, Labels.of("queue", "other"), clock.instant().minusSeconds(30));
        obs.metrics().record("jobs.succeeded", 90, null, Labels.of("queue", "main"), clock.instant().minusSeconds(30));
        assertTrue(obs.flush(Duration.ofSeconds(30)));
        Duration hour = Duration.ofHours(1);

        assertEquals(new EventCounts(30, 40), count(obs, Indicator.httpLatency(Duration.ofMillis(500)).route("/pay"),
                hour));
        assertEquals(new EventCounts(35, 50), count(obs, Indicator.httpLatency(Duration.ofMillis(20)), hour),
                "a request taking exactly the threshold is good");
        assertEquals(new EventCounts(6, 12), count(obs, Indicator.audit("payments"), hour));
        assertEquals(new EventCounts(9, 12), count(obs, Indicator.audit("payments")
                .goodStatuses(Set.of("success", "declined")), hour));
        assertEquals(new EventCounts(6, 10), count(obs, Indicator.audit("payments").operation("charge"), hour));
        assertEquals(new EventCounts(97, 100), count(obs, Indicator.badOverTotal("jobs.failed", "jobs.started")
                .where("queue", "main"), hour));
        assertEquals(new EventCounts(90, 100), count(obs, Indicator.goodOverTotal("jobs.succeeded", "jobs.started")
                .where("queue", "main"), hour));
        assertEquals(new EventCounts(0, 0), count(obs, Indicator.goodOverTotal("jobs.succeeded", "jobs.started"),
                Duration.ofSeconds(10)), "no step in the window");
    }

    private EventCounts count(LiteObs obs, Indicator indicator, Duration window) {
        return indicator.count(obs.store(), ErrorBudget.windowEndingAt(clock.millis(), window));
    }

    /**
     * Each of the workbook's conditions for a 30-day window, alone: it does not fire while only its long window burns,
     * fires once its short window burns too, and resolves once the short window is clean again, though the long
     * one still burns.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void eachWorkbookCondition_firesWhenBothWindowsBurn_andResolvesWithTheShortWindow(int index) {
        BurnRateAlerts workbook = BurnRateAlerts.workbook(Objective.DEFAULT_WINDOW);
        BurnRateWindow condition = workbook.conditions().toList().get(index);
        LiteObs obs = file.liteObs();
        Objective objective = Objective.named("orders", Indicator.httpAvailability()).target(0.99)
                .alerts(BurnRateAlerts.none().page(condition));
        Alerting alerting = alerting(obs, objective);
        // twice the burn rate over the long window, before the short one begins
        int bad = (int) Math.ceil(1_000 * 2 * condition.burnRate() * 0.01);
        traffic.requests(obs, condition.longWindow().dividedBy(2), "/orders", 1_000 - bad, 500, bad);

        assertEquals(0, alerting.evaluateNow().fired(), "the long window burns, the short one does not");

        clock.advance(BurnRateAlerts.DEFAULT_INTERVAL);
        traffic.requests(obs, Duration.ZERO, "/orders", 50, 500, 50);
        assertEquals(1, alerting.evaluateNow().fired(), condition.describe() + ": both windows burn");
        AlertRecord page = alerting.history(AlertQuery.builder().ruleId("orders:page").build()).get(0);
        assertEquals("critical", page.severity());
        assertEquals("slo", page.source());
        assertEquals("orders", page.labels().get("objective"));
        assertEquals((bad + 50.0) / 1_100 / 0.01, page.value(), 1e-9, "the long window's burn rate");

        clock.advance(condition.shortWindow());
        traffic.requests(obs, Duration.ZERO, "/orders", 100, 500, 0);
        assertEquals(1, alerting.evaluateNow().resolved(), "the short window is clean: the cause is gone");
    }

    @Test
    void workbookDefaults_areThoseOfThirtyDays_andScaleWithTheWindow() {
        assertRates(List.of(14.4, 6.0), BurnRateAlerts.workbook(Duration.ofDays(30)).pageConditions());
        assertRates(List.of(3.0, 1.0), BurnRateAlerts.workbook(Duration.ofDays(30)).ticketConditions());
        // the same shares of the budget over 7 days: 2 % in 1 h is 0.02 x 168 h / 1 h
        assertRates(List.of(3.36, 1.4), BurnRateAlerts.workbook(Duration.ofDays(7)).pageConditions());
        assertRates(List.of(0.7, 0.7 / 3), BurnRateAlerts.workbook(Duration.ofDays(7)).ticketConditions());
        assertRates(List.of(0.1), BurnRateAlerts.workbook(Duration.ofDays(1)).ticketConditions());
        assertEquals(Duration.ofDays(1), BurnRateAlerts.workbook(Duration.ofDays(1)).ticketConditions().get(0)
                .longWindow(),
                "a 3-day long window does not fit a 1-day objective");
        Objective objective = Objective.named("o", Indicator.httpAvailability());
        assertEquals(List.of("o:page", "o:ticket"), objective.alertRules().stream().map(AlertRule::id).toList());
        assertEquals(List.of(), objective.alerts(BurnRateAlerts.none()).alertRules());
    }

    private static void assertRates(List<Double> expected, List<BurnRateWindow> conditions) {
        assertEquals(expected.size(), conditions.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), conditions.get(i).burnRate(), 1e-12, conditions.get(i).describe());
        }
    }

    @Test
    void quietNight_withTwoFailures_pagesNobody_butTheSameShareOfBusyTrafficDoes() {
        LiteObs obs = file.liteObs();
        Alerting alerting = Alerting.builder(obs).scheduled(false)
                .objective(Objective.named("orders", Indicator.httpAvailability()))
                .objective(Objective.named("strict", Indicator.httpAvailability())
                        .alerts(BurnRateAlerts.workbook(Objective.DEFAULT_WINDOW).minEvents(1_000)))
                .build();
        file.closedLater(alerting);
        traffic.requests(obs, Duration.ofMinutes(1), "/orders", 8, 500, 2);

        assertEquals(0, alerting.evaluateNow().fired(), "10 requests in the hour, 2 failed: a burn of 200, too few");

        clock.advance(BurnRateAlerts.DEFAULT_INTERVAL);
        traffic.requests(obs, Duration.ZERO, "/orders", 72, 500, 18);
        assertEquals(2, alerting.evaluateNow().fired(), "100 requests in the hour, 20 failed: page and ticket");
        assertEquals(List.of("orders:page", "orders:ticket"), alerting.openAlerts().stream().map(AlertRecord::ruleId)
                .sorted().toList(), "the objective asking for 1,000 events stays quiet");
    }

    @Test
    void explanation_namesTheRoutesAndStatusesThatSpentTheBudget_mostFirst() {
        LiteObs obs = file.liteObs();
        traffic.requests(obs, Duration.ofMinutes(10), "/orders", 100, 503, 6);
        traffic.requests(obs, Duration.ofMinutes(10), "/orders", 0, 500, 2);
        traffic.requests(obs, Duration.ofMinutes(10), "/cart", 100, 500, 0);
        traffic.requests(obs, Duration.ofMinutes(20), "/pay", 10, 500, 12);
        traffic.requests(obs, Duration.ofHours(2), "/pay", 0, 500, 50);             // outside the hour explained
        Objective objective = Objective.named("shop", Indicator.httpAvailability()).target(0.99);

        BudgetExplanation why = ErrorBudget.explain(objective, obs.store(), clock.millis(), Duration.ofHours(1));

        assertEquals("1h", why.window());
        assertEquals(20, why.badEvents());
        assertEquals(230, why.events());
        assertEquals(20.0 / 230 / 0.01, why.burnRate(), 1e-9);
        assertEquals(List.of(
                new BudgetContributor(Map.of("method", "GET", "route", "/pay", "status", "500"), 12, 0.6),
                new BudgetContributor(Map.of("method", "GET", "route", "/orders", "status", "503"), 6, 0.3),
                new BudgetContributor(Map.of("method", "GET", "route", "/orders", "status", "500"), 2, 0.1)),
                why.contributors());
        assertEquals(List.of("method", "route", "status"), List.copyOf(why.contributors().get(0).labels().keySet()));
    }

    @Test
    void invalidSettings_nameTheObjectiveAndTheField() {
        Objective objective = Objective.named("orders", Indicator.httpAvailability());
        assertEquals("objective 'orders', field 'target': 99.9 is not a target: write a share above 0 and below 1,"
                + " such as 0.999 for 99.9%", assertThrows(IllegalArgumentException.class,
                () -> objective.target(99.9)).getMessage());
        assertEquals("objective 'orders', field 'window': 30m is shorter than 1h",
                assertThrows(IllegalArgumentException.class, () -> objective.window(Duration.ofMinutes(30)))
                        .getMessage());
        assertEquals("objective 'orders', field 'alerts': the long window 3d is longer than the objective's window 2d",
                assertThrows(IllegalArgumentException.class, () -> objective.window(Duration.ofDays(2))
                        .alerts(BurnRateAlerts.workbook(Duration.ofDays(30)))).getMessage());
        assertEquals("objective 'no spaces', field 'id': must match " + Objective.ID_PATTERN,
                assertThrows(IllegalArgumentException.class, () -> Objective.named("no spaces",
                        Indicator.httpAvailability())).getMessage());
        assertEquals("longWindow (5m) must be longer than shortWindow (1h)", assertThrows(
                IllegalArgumentException.class, () -> new BurnRateWindow(Duration.ofMinutes(5), Duration.ofHours(1),
                        14.4)).getMessage());
    }
}
