package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.Await;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.MetricPoint;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationAttempt.Outcome;
import io.liteobs.NotificationQuery;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules evaluated over a real SQLite file, time moved by a {@link ManualClock} and rounds run by the test: pending,
 * keep-firing, minimum samples, absent data, one alert per instance, resolving, restarts in the middle, and two
 * evaluators sharing one file.
 */
class AlertingEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration STEP = AlertRule.DEFAULT_INTERVAL;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);
    private Receiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        // closed after everything the test opens over the file, which may still deliver to it
        receiver = file.closedLater(new Receiver());
    }

    private Alerting alerting(LiteObs obs, UnaryOperator<Alerting.Builder> settings, AlertRule... rules) {
        Alerting alerting = settings.apply(Alerting.builder(obs).scheduled(false).rules(List.of(rules))
                .webhook(Webhook.to(receiver.uri("/hook")).allow("loopback").build())).build();
        file.closedLater(alerting);
        return alerting;
    }

    private Alerting alerting(LiteObs obs, AlertRule... rules) {
        return alerting(obs, settings -> settings, rules);
    }

    /** Writes a point stamped now, straight to the store, so that the round sees it at once. */
    private void point(LiteObs obs, String name, double value, String... labels) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        buffer.metrics().add(new MetricPoint(name, value, null, Labels.of(labels), clock.millis()));
        obs.store().write(buffer.batch());
    }

    private EvaluationRound after(Duration step, Alerting alerting) {
        clock.advance(step);
        return alerting.evaluateNow();
    }

    private static List<AlertRecord> alerts(Alerting alerting, String ruleId) {
        return alerting.history(AlertQuery.builder().ruleId(ruleId).build());
    }

    private static AlertRule cpuHigh() {
        return AlertRule.named("cpu-high").metric("cpu").avg(Duration.ofMinutes(1)).above(0.9)
                .pendingFor(Duration.ofMinutes(2)).summary("cpu at {{value}} on {{labels.host}}");
    }

    @Test
    void condition_firesOnlyOnceItHeldForThePendingPeriod_andStartsOverWhenItBreaks() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh());

        point(obs, "cpu", 0.95, "host", "a");
        assertEquals(new EvaluationRound(true, 1, 0, 0), alerting.evaluateNow());
        for (int i = 0; i < 7; i++) {           // 1m45s of holding: still pending
            point(obs, "cpu", 0.95, "host", "a");
            assertEquals(0, after(STEP, alerting).fired());
        }
        point(obs, "cpu", 0.1, "host", "a");
        clock.advance(Duration.ofMinutes(1));   // the window holds only the low point: the condition breaks
        alerting.evaluateNow();
        point(obs, "cpu", 0.97, "host", "a");
        assertEquals(0, after(Duration.ofMinutes(1), alerting).fired(), "held again: the wait starts over");
        point(obs, "cpu", 0.97, "host", "a");
        assertEquals(0, after(Duration.ofMinutes(1), alerting).fired());
        point(obs, "cpu", 0.97, "host", "a");
        assertEquals(1, after(Duration.ofMinutes(1), alerting).fired(), "held 2 minutes: fires");

        AlertRecord alert = alerts(alerting, "cpu-high").get(0);
        assertEquals("cpu at 0.97 on a", alert.message());
        assertEquals(Labels.of("host", "a"), alert.labels());
        assertEquals("warning", alert.severity());
        assertEquals("metric:cpu", alert.source());
        assertTrue(alert.detailsJson().contains("\"expression\":\"avg of cpu over 1m > 0.9\""), alert.detailsJson());
    }

    @Test
    void firingInstance_isOneAlert_updatedAtEachEvaluation_thenResolved() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO));

        for (int i = 0; i < 5; i++) {
            point(obs, "cpu", 0.91 + i / 100.0, "host", "a");
            after(STEP, alerting);
        }
        List<AlertRecord> alerts = alerts(alerting, "cpu-high");
        assertEquals(1, alerts.size(), "no duplicates while it holds");
        assertEquals(5, alerts.get(0).evaluations());
        assertEquals(0.935, alerts.get(0).value(), 1e-9, "the latest value: the mean of the window's 4 points");
        assertTrue(alerts.get(0).isOpen());

        clock.advance(Duration.ofMinutes(2)); // nothing in the window: the threshold cannot hold
        assertEquals(1, alerting.evaluateNow().resolved());
        AlertRecord resolved = alerts(alerting, "cpu-high").get(0);
        assertEquals(clock.millis(), resolved.resolvedAtMillis());
        assertEquals(List.of(), alerting.openAlerts());

        point(obs, "cpu", 0.99, "host", "a");
        assertEquals(1, after(STEP, alerting).fired());
        List<AlertRecord> again = alerts(alerting, "cpu-high");
        assertEquals(2, again.size(), "firing again is a new alert");
        assertNotEquals(again.get(0).id(), again.get(1).id());
    }

    @Test
    void keepFiringFor_holdsTheAlertOpenThroughABriefDip() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO).keepFiringFor(Duration.ofMinutes(2)));
        point(obs, "cpu", 0.95, "host", "a");
        assertEquals(1, alerting.evaluateNow().fired());

        clock.advance(Duration.ofSeconds(90));   // the window is empty: no longer holds, but within keepFiringFor
        assertEquals(0, alerting.evaluateNow().resolved());
        point(obs, "cpu", 0.95, "host", "a");
        assertEquals(new EvaluationRound(true, 1, 0, 0), after(STEP, alerting), "back above: still the same alert");
        clock.advance(Duration.ofSeconds(100));
        assertEquals(0, alerting.evaluateNow().resolved(), "1m40s since it last held");
        assertEquals(1, after(Duration.ofSeconds(20), alerting).resolved(), "2m since it last held: resolved");
        assertEquals(1, alerts(alerting, "cpu-high").size());
    }

    @Test
    void minSamples_keepsAQuietSeriesFromFiring() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO).minSamples(3));
        point(obs, "cpu", 0.99, "host", "a");
        point(obs, "cpu", 0.99, "host", "a");
        assertEquals(0, alerting.evaluateNow().fired(), "two samples");
        point(obs, "cpu", 0.99, "host", "a");
        assertEquals(1, after(STEP, alerting).fired(), "three samples");
    }

    @Test
    void eachLabelSet_isItsOwnInstance_upToTheRulesCap() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO).maxInstances(2));
        point(obs, "cpu", 0.99, "host", "a");
        point(obs, "cpu", 0.99, "host", "b");
        point(obs, "cpu", 0.99, "host", "c");
        point(obs, "cpu", 0.10, "host", "d");
        assertEquals(2, alerting.evaluateNow().fired());
        assertEquals(List.of("a", "b"), alerts(alerting, "cpu-high").stream().map(a -> a.labels().get("host"))
                .sorted().toList());
    }

    @Test
    void absentFor_firesForASeriesThatFellSilent_andForAMetricNeverSeen_afterThePendingPeriod() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs,
                AlertRule.named("orders-silent").metric("orders").absentFor(Duration.ofMinutes(5))
                        .pendingFor(Duration.ofMinutes(1)),
                AlertRule.named("never-seen").metric("payments").where("region", "eu")
                        .absentFor(Duration.ofMinutes(5)));
        point(obs, "orders", 1, "shop", "north");
        point(obs, "orders", 1, "shop", "south");
        EvaluationRound first = alerting.evaluateNow();
        assertEquals(1, first.fired(), "the metric never seen fires at once: no pending period");
        assertEquals(Labels.of("region", "eu"), alerts(alerting, "never-seen").get(0).labels());

        clock.advance(Duration.ofMinutes(4));
        point(obs, "orders", 1, "shop", "north");
        clock.advance(Duration.ofMinutes(2));    // south silent for 6 minutes: pending
        assertEquals(0, alerting.evaluateNow().fired(), "absence waits for the pending period too");
        assertEquals(1, after(Duration.ofMinutes(1), alerting).fired());
        AlertRecord silent = alerts(alerting, "orders-silent").get(0);
        assertEquals(Labels.of("shop", "south"), silent.labels());
        assertEquals(null, silent.value(), "an absent series has no value");
    }

    @Test
    void staleWorker_firesWithItsName_andResolvesWhenItBeatsAgain() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, AlertRule.named("worker-stale").heartbeats().stale());
        beat(obs, "billing");
        assertEquals(0, alerting.evaluateNow().fired());
        assertEquals(1, after(Duration.ofSeconds(31), alerting).fired(), "3 intervals of 10 s have passed");
        AlertRecord alert = alerts(alerting, "worker-stale").get(0);
        assertEquals("billing", alert.labels().get("worker"));
        assertEquals("Worker billing has not beaten for 31s (stale after 30s)", alert.message());
        beat(obs, "billing");
        assertEquals(1, after(STEP, alerting).resolved());
    }

    @Test
    void droppedEntries_fireTheRuleOnLiteObsItself_untilTheWindowHasPassed() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, AlertRule.named("dropped").liteObs().dropped(Duration.ofMinutes(5))
                .above(0).summary("{{labels.component}} dropped {{value}}"));
        assertEquals(0, alerting.evaluateNow().fired());
        obs.events().close();                                  // what is recorded now is dropped, and counted
        obs.events().record(BusinessEvent.builder("order.paid", "shop").build());
        obs.events().record(BusinessEvent.builder("order.paid", "shop").build());

        assertEquals(1, after(STEP, alerting).fired());
        AlertRecord alert = alerts(alerting, "dropped").get(0);
        assertEquals("events dropped 2", alert.message());
        assertEquals("liteobs", alert.source());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, alerting.evaluateNow().resolved(), "no drop in the last 5 minutes");
    }

    private void beat(LiteObs obs, String worker) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        buffer.heartbeats().add(new Heartbeat(worker, "host-1", 42, clock.millis(), 10_000, 10, 1, 1, 1, 1, 0, 0,
                null, 1_000));
        obs.store().write(buffer.batch());
    }

    @Test
    void restartWhilePending_keepsTheProgress() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh());
        point(obs, "cpu", 0.95, "host", "a");
        alerting.evaluateNow();
        point(obs, "cpu", 0.95, "host", "a");
        after(Duration.ofMinutes(1), alerting);
        alerting.close();
        obs.close();

        LiteObs reopened = file.liteObs();
        Alerting restarted = alerting(reopened, cpuHigh());
        point(reopened, "cpu", 0.95, "host", "a");
        assertEquals(1, after(Duration.ofMinutes(1), restarted).fired(),
                "2 minutes since it began to hold, across the restart");
    }

    @Test
    void restartWhileFiring_neitherFiresNorNotifiesAgain() {
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO));
        point(obs, "cpu", 0.95, "host", "a");
        assertEquals(1, alerting.evaluateNow().fired());
        Await.until("the firing notification", () -> delivered(alerting) == 1);
        alerting.close();
        obs.close();

        LiteObs reopened = file.liteObs();
        Alerting restarted = alerting(reopened, cpuHigh().pendingFor(Duration.ZERO));
        point(reopened, "cpu", 0.96, "host", "a");
        assertEquals(new EvaluationRound(true, 1, 0, 0), after(STEP, restarted));
        List<AlertRecord> alerts = alerts(restarted, "cpu-high");
        assertEquals(1, alerts.size());
        assertEquals(2, alerts.get(0).evaluations(), "the same alert, updated");

        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, restarted.evaluateNow().resolved());
        Await.until("the resolved notification", () -> delivered(restarted) == 2);
        assertEquals(2, receiver.received().size());
        assertTrue(receiver.received().get(0).body().contains("\"status\":\"firing\""));
        assertTrue(receiver.received().get(1).body().contains("\"status\":\"resolved\""));
        List<NotificationAttempt> attempts = restarted.notificationAttempts(NotificationQuery.builder().build());
        assertEquals(List.of(Outcome.DELIVERED, Outcome.QUEUED, Outcome.DELIVERED, Outcome.QUEUED),
                attempts.stream().map(NotificationAttempt::outcome).toList(), "nothing sent twice");
    }

    @Test
    void notificationsQueuedOrRetryingWhenTheProcessStops_areSentAfterTheRestart_withTheirIds() {
        AlertRule veryHigh = AlertRule.named("cpu-very-high").metric("cpu").avg(Duration.ofMinutes(1)).above(0.94);
        receiver.answer(Receiver.Answer.status(503));   // the first notification's first attempt fails
        LiteObs obs = file.liteObs();
        Alerting alerting = alerting(obs, cpuHigh().pendingFor(Duration.ZERO), veryHigh);
        point(obs, "cpu", 0.95, "host", "a");
        assertEquals(2, alerting.evaluateNow().fired());
        Await.until("the first notification's failed attempt", () -> alerting.notificationAttempts(
                NotificationQuery.builder().build()).stream().anyMatch(attempt -> attempt.outcome() == Outcome.RETRYING));
        List<String> ids = alerting.notificationAttempts(NotificationQuery.builder().build()).stream()
                .filter(attempt -> attempt.outcome() == Outcome.QUEUED).map(NotificationAttempt::notificationId)
                .sorted().toList();
        assertEquals(2, ids.size(), "both stored as queued with their alerts");
        alerting.close();   // one retrying, one still queued: what a process that dies leaves too
        obs.close();
        assertEquals(1, receiver.received().size());

        LiteObs reopened = file.liteObs();
        Alerting restarted = alerting(reopened, cpuHigh().pendingFor(Duration.ZERO), veryHigh);
        point(reopened, "cpu", 0.96, "host", "a");
        assertEquals(new EvaluationRound(true, 2, 0, 0), after(STEP, restarted), "nothing fires again");
        Await.until("both notifications, sent again", () -> delivered(restarted) == 2);

        assertEquals(3, receiver.received().size());
        assertEquals(ids, receiver.received().subList(1, 3).stream().map(AlertingEvaluationTest::notificationId)
                .sorted().toList(), "the same notification ids, so that a receiver can dedupe");
        assertTrue(ids.contains(notificationId(receiver.received().get(0))), "the one that failed before the stop");
        clock.advance(STEP);
        restarted.evaluateNow();
        assertEquals(3, receiver.received().size(), "a delivered notification is not sent again");
    }

    private static String notificationId(Receiver.Received request) {
        Matcher id = Pattern.compile("\"notificationId\":\"([^\"]+)\"").matcher(request.body());
        assertTrue(id.find(), request.body());
        return id.group(1);
    }

    private static long delivered(Alerting alerting) {
        return alerting.notificationAttempts(NotificationQuery.builder().build()).stream()
                .filter(attempt -> attempt.outcome() == NotificationAttempt.Outcome.DELIVERED).count();
    }

    @Test
    void twoEvaluatorsOnOneFile_evaluateOnce_andTheStandbyTakesOverWhenTheHolderStops() {
        LiteObs first = file.liteObs();
        LiteObs second = file.liteObs();
        Alerting a = alerting(first, settings -> settings.holder("a"), cpuHigh().pendingFor(Duration.ZERO));
        Alerting b = alerting(second, settings -> settings.holder("b"), cpuHigh().pendingFor(Duration.ZERO));
        point(first, "cpu", 0.95, "host", "a");

        assertTrue(a.evaluateNow().leaseHeld());
        assertEquals(EvaluationRound.STANDBY, b.evaluateNow());
        for (int i = 0; i < 4; i++) {
            point(first, "cpu", 0.95, "host", "a");
            clock.advance(STEP);
            assertTrue(a.evaluateNow().leaseHeld());
            assertFalse(b.evaluateNow().leaseHeld());
        }
        List<AlertRecord> alerts = alerts(a, "cpu-high");
        assertEquals(1, alerts.size());
        assertEquals(5, alerts.get(0).evaluations(), "one evaluation per interval, not one per process");

        a.close();   // gives the lease up
        clock.advance(Alerting.DEFAULT_LEASE);
        point(second, "cpu", 0.95, "host", "a");
        EvaluationRound takeover = b.evaluateNow();
        assertEquals(new EvaluationRound(true, 1, 0, 0), takeover, "carries on with the open alert");
        assertEquals(6, alerts(b, "cpu-high").get(0).evaluations());
    }

    @Test
    void holderThatStoppedRenewing_losesTheLease_toTheStandby() {
        LiteObs first = file.liteObs();
        LiteObs second = file.liteObs();
        Alerting a = alerting(first, settings -> settings.holder("a"), cpuHigh().pendingFor(Duration.ZERO));
        Alerting b = alerting(second, settings -> settings.holder("b"), cpuHigh().pendingFor(Duration.ZERO));
        point(first, "cpu", 0.95, "host", "a");
        assertTrue(a.evaluateNow().leaseHeld());

        clock.advance(Alerting.DEFAULT_LEASE.plusSeconds(1));   // a stalled past its lease
        point(second, "cpu", 0.95, "host", "a");
        assertEquals(new EvaluationRound(true, 1, 0, 0), b.evaluateNow(), "b took over the firing alert");
        clock.advance(STEP);
        assertFalse(a.evaluateNow().leaseHeld(), "a finds the lease b's, and stands by");
        assertEquals(1, alerts(b, "cpu-high").size());
        assertEquals(2, alerts(b, "cpu-high").get(0).evaluations());
        assertNull(alerts(b, "cpu-high").get(0).resolvedAtMillis());
    }
}
