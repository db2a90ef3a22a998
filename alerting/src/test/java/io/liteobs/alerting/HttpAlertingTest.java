package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP rules evaluated over requests recorded through {@code obs.http()} into a real SQLite file, time moved by a
 * {@link ManualClock}: pending then firing, resolving, the minimum of requests, and one instance per route.
 */
class HttpAlertingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration STEP = AlertRule.DEFAULT_INTERVAL;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);

    private Alerting alerting(LiteObs obs, AlertRule... rules) {
        Alerting alerting = Alerting.builder(obs).scheduled(false).rules(List.of(rules)).build();
        file.closedLater(alerting);
        return alerting;
    }

    /** Records {@code count} requests of a route started now, answered with {@code status} in {@code millis}. */
    private void requests(LiteObs obs, int count, String route, int status, long millis) {
        for (int i = 0; i < count; i++) {
            obs.http().record(HttpRequest.builder("GET", route.replace("{id}", Integer.toString(i))).route(route)
                    .status(status).duration(Duration.ofMillis(millis)).startedAt(clock.instant()).build());
        }
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the requests were stored");
    }

    private static List<AlertRecord> alerts(Alerting alerting, String ruleId) {
        return alerting.history(AlertQuery.builder().ruleId(ruleId).build());
    }

    private static AlertRule ordersFailing() {
        return AlertRule.named("orders-5xx").http().route("/orders/{id}").minRequests(10).serverErrorRate(WINDOW)
                .above(0.05).pendingFor(Duration.ofSeconds(30))
                .summary("{{labels.route}} failed {{value}} of {{requests}}");
    }

    @Test
    void serverErrorRate_firesAfterThePendingPeriod_andResolvesOnceTheFailuresLeaveTheWindow() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, ordersFailing());
        requests(obs, 18, "/orders/{id}", 200, 20);
        requests(obs, 2, "/orders/{id}", 503, 20);
        assertEquals(0, alerting.evaluateNow().fired(), "holds, but pending");
        clock.advance(STEP);
        assertEquals(0, alerting.evaluateNow().fired());
        clock.advance(STEP);
        assertEquals(1, alerting.evaluateNow().fired(), "held 30 s: fires");
        AlertRecord alert = alerts(alerting, "orders-5xx").get(0);
        assertEquals("/orders/{id}", alert.labels().get("route"));
        assertEquals("GET", alert.labels().get("method"));
        assertEquals(0.1, alert.value(), 1e-9);
        assertEquals("http", alert.source());

        clock.advance(WINDOW);
        requests(obs, 20, "/orders/{id}", 200, 20);
        assertEquals(1, alerting.evaluateNow().resolved(), "no failure in the last minute");
    }

    @Test
    void quietRoute_cannotFire_belowTheMinimumOfRequests() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, ordersFailing().pendingFor(Duration.ZERO));
        requests(obs, 9, "/orders/{id}", 500, 20);
        assertEquals(0, alerting.evaluateNow().fired(), "9 requests, all failed: too few to judge");
        clock.advance(STEP);
        requests(obs, 1, "/orders/{id}", 500, 20);
        assertEquals(1, alerting.evaluateNow().fired(), "the tenth request");
    }

    @Test
    void everyRoute_isItsOwnInstance_upToTheRulesCap() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, AlertRule.named("slow").http().minRequests(1).latencyP99(WINDOW)
                .above(500).maxInstances(2));
        requests(obs, 5, "/a", 200, 900);
        requests(obs, 5, "/b", 200, 900);
        requests(obs, 5, "/c", 200, 900);
        requests(obs, 5, "/fast", 200, 10);
        assertEquals(2, alerting.evaluateNow().fired());
        assertEquals(List.of("/a", "/b"), alerts(alerting, "slow").stream().map(a -> a.labels().get("route"))
                .sorted().toList());
    }

    @Test
    void clientErrorAndRequestRates_areEachRoutesOwn() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs,
                AlertRule.named("not-found").http().clientErrorRate(WINDOW).above(0.5),
                AlertRule.named("busy").http().route("/search").requestRate(WINDOW).above(0.5));
        requests(obs, 12, "/missing", 404, 5);
        requests(obs, 12, "/search", 200, 5);
        requests(obs, 24, "/search", 200, 5);
        EvaluationRound round = alerting.evaluateNow();
        assertEquals(2, round.fired(), "36 requests a minute is 0.6 per second; /missing answered 404 only");
        assertEquals("/missing", alerts(alerting, "not-found").get(0).labels().get("route"));
        assertEquals(0.6, alerts(alerting, "busy").get(0).value(), 1e-9);
    }
}
