package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertRecord;
import io.liteobs.AuditEntry;
import io.liteobs.HttpRequest;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.TimeRange;
import io.liteobs.postgres.PostgresOptions;
import io.liteobs.postgres.PostgresStore;
import io.liteobs.postgres.ThrowawayPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service level objectives over a fleet's PostgreSQL store, on a real server (a throwaway cluster, see
 * {@link ThrowawayPostgres}), time moved by a {@link ManualClock}: an objective of each indicator counted by a kept
 * {@link ObjectiveCounter} against direct counts and against the same traffic in a SQLite file, as the clock moves
 * on; the status and the explanation of traffic recorded at chosen times against values computed by hand.
 */
class PostgresObjectivesTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:17.250Z");
    private static final Objective AVAILABILITY =
            Objective.named("orders", Indicator.httpAvailability()).target(0.99);
    private static final Objective LATENCY =
            Objective.named("fast", Indicator.httpLatency(Duration.ofMillis(100)).method("GET")).target(0.95);
    private static final Objective AUDIT = Objective.named("payments", Indicator.audit("payments")).target(0.9);
    private static final Objective JOBS = Objective.named("jobs", Indicator.badOverTotal("jobs.failed",
            "jobs.started").where("queue", "main")).target(0.95);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(NOW);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);
    private final Traffic traffic = new Traffic(clock, 18);

    /** A LiteObs on the clock over a PostgreSQL store in a fresh schema of the cluster. */
    private LiteObs postgresObs() {
        return file.closedLater(LiteObs.builder(PostgresStore.open(postgres.freshSchema().build())).clock(clock)
                .build());
    }

    @Test
    void keptCounts_equalDirectCounts_andTheSameTrafficInSqlite_inEveryWindow_asTimeMovesOn() {
        LiteObs pg = postgresObs();
        LiteObs sqlite = file.liteObs();
        traffic.generate(1_500, Duration.ofDays(4), pg, sqlite);
        List<ObjectiveCounter> counters = Traffic.objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, pg.store())).toList();

        assertCountsAgree(counters, pg, sqlite, "at the first count");
        for (int round = 1; round <= 20; round++) {
            // rounds a few seconds to a few minutes apart, crossing minute boundaries at any point of a minute
            clock.advance(Duration.ofMillis(7_000 + traffic.random().nextInt(200_000)));
            traffic.generate(12, ObjectiveCounter.SETTLE_MARGIN, pg, sqlite);
            assertCountsAgree(counters, pg, sqlite, "at round " + round);
        }
        clock.advance(Duration.ofDays(3).plusMinutes(7));
        traffic.generate(30, ObjectiveCounter.SETTLE_MARGIN, pg, sqlite);
        assertCountsAgree(counters, pg, sqlite, "after three days");
    }

    /**
     * The counters' windows against direct counts in PostgreSQL, those against direct counts of the same windows in
     * SQLite, and the status from each counter against the status of one pass over SQLite.
     */
    private void assertCountsAgree(List<ObjectiveCounter> counters, LiteObs pg, LiteObs sqlite, String when) {
        traffic.assertEveryWindowEqualsADirectCount(counters, pg.store(), when);
        long now = clock.millis();
        for (ObjectiveCounter counter : counters) {
            Indicator indicator = counter.objective().indicator();
            for (Duration window : Traffic.windowsToCheck()) {
                assertEquals(indicator.count(sqlite.store(), ErrorBudget.windowEndingAt(now, window)),
                        indicator.count(pg.store(), ErrorBudget.windowEndingAt(now, window)),
                        () -> counter.objective().id() + " over " + Durations.format(window) + " in SQLite and"
                                + " in PostgreSQL " + when);
            }
            assertEquals(ErrorBudget.status(counter.objective(), sqlite.store(), now),
                    ErrorBudget.status(counter, now), () -> counter.objective().id() + " " + when);
        }
    }

    /**
     * Two instances of a fleet writing the same rows to one schema, at the first and last millisecond of every
     * window checked and a millisecond outside each end: every window counts the rows of both instances that it
     * holds, no more, in PostgreSQL as in SQLite, counted directly or kept, before and after the clock moves by a
     * millisecond (the rows a millisecond ahead come in) and by a minute; and the bad rows of both instances are
     * explained together.
     */
    @Test
    void rowsOnTheWindowsEdges_ofTwoInstances_countedAsTheWindowsHoldThem() {
        String schema = postgres.createSchema();
        List<LiteObs> fleet = List.of(instance(schema, "test-1"), instance(schema, "test-2"));
        LiteObs sqlite = file.liteObs();
        List<Long> stamps = new ArrayList<>();
        long now = clock.millis();
        for (Duration window : Traffic.windowsToCheck()) {
            long first = ErrorBudget.windowEndingAt(now, window).fromMillis();
            stamps.addAll(List.of(first - 1, first, now, now + 1));
        }
        for (long stamp : stamps) {
            // the rows of both instances, into the database and into the one file
            for (LiteObs obs : List.of(fleet.get(0), sqlite, fleet.get(1), sqlite)) {
                edgeRows(obs, Instant.ofEpochMilli(stamp));
            }
        }
        for (LiteObs obs : List.of(fleet.get(0), fleet.get(1), sqlite)) {
            assertTrue(obs.flush(Duration.ofSeconds(30)), "the rows were stored");
        }
        List<ObjectiveCounter> counters = Stream.of(AVAILABILITY, LATENCY, AUDIT, JOBS)
                .map(objective -> ObjectiveCounter.of(objective, fleet.get(0).store())).toList();

        for (Duration moved : List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofMinutes(1))) {
            clock.advance(moved);
            for (ObjectiveCounter counter : counters) {
                for (Duration window : Traffic.windowsToCheck()) {
                    TimeRange range = ErrorBudget.windowEndingAt(clock.millis(), window);
                    long held = stamps.stream().filter(stamp -> stamp >= range.fromMillis()
                            && stamp < range.toMillis()).count();
                    EventCounts expected = new EventCounts(2 * held, 4 * held);
                    Indicator indicator = counter.objective().indicator();
                    String what = counter.objective().id() + " over " + Durations.format(window) + " after "
                            + Durations.format(moved);
                    assertEquals(expected, indicator.count(fleet.get(1).store(), range), what + ", PostgreSQL");
                    assertEquals(expected, counter.count(clock.millis(), window), what + ", kept");
                    assertEquals(expected, indicator.count(sqlite.store(), range), what + ", SQLite");
                }
            }
        }
        // the bad rows of both instances explained as one kind, as those of the one file are
        for (ObjectiveCounter counter : counters) {
            Objective objective = counter.objective();
            BudgetExplanation why = ErrorBudget.explain(objective, fleet.get(0).store(), clock.millis(),
                    Duration.ofHours(1));
            assertEquals(ErrorBudget.explain(objective, sqlite.store(), clock.millis(), Duration.ofHours(1)), why,
                    objective.id());
            assertEquals(1, why.contributors().size(), () -> objective.id() + ": " + why.contributors());
            assertEquals(why.badEvents(), why.contributors().get(0).badEvents(), objective.id());
        }
    }

    /**
     * Two instances evaluating the same objective's burn-rate alerts over one schema: the lease holder fires the page
     * and the ticket once, the other sees them open, and takes over once the holder has stopped, resolving the page
     * when its short windows are clean.
     */
    @Test
    void burnRateAlertsOfAFleet_fireOnceFromTheLeaseHolder_andResolveFromTheInstanceThatTookOver() {
        String schema = postgres.createSchema();
        LiteObs one = instance(schema, "test-1");
        LiteObs two = instance(schema, "test-2");
        Alerting holder = file.closedLater(Alerting.builder(one).scheduled(false).holder("test-1")
                .objective(AVAILABILITY).build());
        Alerting other = file.closedLater(Alerting.builder(two).scheduled(false).holder("test-2")
                .objective(AVAILABILITY).build());
        traffic.requests(one, Duration.ofMinutes(1), "/orders", 80, 500, 20);

        assertEquals(new EvaluationRound(true, 2, 2, 0), holder.evaluateNow(),
                "100 requests in the hour, 20 failed: a burn of 20 everywhere, page and ticket");
        assertEquals(new EvaluationRound(false, 0, 0, 0), other.evaluateNow(), "the other instance stands by");
        assertEquals(List.of("orders:page", "orders:ticket"), other.openAlerts().stream().map(AlertRecord::ruleId)
                .sorted().toList());

        holder.close();
        clock.advance(Duration.ofMinutes(31));
        traffic.requests(two, Duration.ZERO, "/orders", 100, 500, 0);
        EvaluationRound takenOver = other.evaluateNow();

        assertTrue(takenOver.leaseHeld(), "the lease given up by the holder");
        assertEquals(1, takenOver.resolved(), "5m and 30m are clean: the page resolves, the ticket's 2h still burns");
        assertEquals(List.of("orders:ticket"), other.openAlerts().stream().map(AlertRecord::ruleId).toList());
    }

    /** A LiteObs on the clock over a PostgreSQL store of the fleet's schema, as one of its instances. */
    private LiteObs instance(String schema, String instance) {
        return file.closedLater(LiteObs.builder(PostgresStore.open(PostgresOptions.builder(schema).service("test")
                .instance(instance).build())).clock(clock).build());
    }

    /**
     * For each objective, one good and one bad event at {@code at}: a fast and a slow request (200 and 500), a
     * successful and a failed charge, and 2 jobs started of which 1 failed.
     */
    private static void edgeRows(LiteObs obs, Instant at) {
        obs.http().record(HttpRequest.builder("GET", "/orders").route("/orders").status(200)
                .duration(Duration.ofMillis(20)).startedAt(at).build());
        obs.http().record(HttpRequest.builder("GET", "/orders").route("/orders").status(500)
                .duration(Duration.ofMillis(900)).startedAt(at).build());
        obs.audit().log(AuditEntry.builder("payments", "charge").status(AuditEntry.STATUS_SUCCESS).timestamp(at)
                .build());
        obs.audit().log(AuditEntry.builder("payments", "charge").status("error").timestamp(at).build());
        obs.metrics().record("jobs.started", 2, null, Labels.of("queue", "main"), at);
        obs.metrics().record("jobs.failed", 1, null, Labels.of("queue", "main"), at);
    }

    /**
     * Traffic at chosen ages, for objectives of the default 30-day window ({@link Traffic#ordersOfAMonth} and more);
     * the 31-day-old requests are outside it.
     * <pre>
     * age   requests (GET)                              audit of payments                 jobs of queue main
     *       route    20 ms, 200   900 ms, status       operation status    entries      region started failed
     * 31d   /orders  0            100, 500
     * 10d   /orders  5,000        20, 500               charge success 400, error 4    eu     1,000   10
     * 71h   /orders  1,000;  /search 10 in 900 ms, 200                                 eu     300     3
     * 20h   /orders  500          10, 503               charge success 100; refund declined 5
     * 90m   /orders  200          4, 500                                               eu     60      6
     * 10m   /orders  100          6, 502;  /search 3 in 900 ms, 200
     *                                                   charge success 30, error 3; refund declined 1
     *                                                                                  us     40      4
     * 2m    /orders  50           5, 500;  /search 2 in 900 ms, 200
     *                                                   charge success 10, error 2     eu     20      1
     *                                                                  and queue other: started 100, failed 100
     * </pre>
     */
    private void chosenTraffic(LiteObs obs) {
        traffic.ordersOfAMonth(obs);
        traffic.requests(obs, Duration.ofHours(71), "/search", 0, 200, 10);
        traffic.requests(obs, Duration.ofMinutes(10), "/search", 0, 200, 3);
        traffic.requests(obs, Duration.ofMinutes(2), "/search", 0, 200, 2);

        audit(obs, Duration.ofDays(10), "charge", AuditEntry.STATUS_SUCCESS, 400);
        audit(obs, Duration.ofDays(10), "charge", "error", 4);
        audit(obs, Duration.ofHours(20), "charge", AuditEntry.STATUS_SUCCESS, 100);
        audit(obs, Duration.ofHours(20), "refund", "declined", 5);
        audit(obs, Duration.ofMinutes(10), "charge", AuditEntry.STATUS_SUCCESS, 30);
        audit(obs, Duration.ofMinutes(10), "charge", "error", 3);
        audit(obs, Duration.ofMinutes(10), "refund", "declined", 1);
        audit(obs, Duration.ofMinutes(2), "charge", AuditEntry.STATUS_SUCCESS, 10);
        audit(obs, Duration.ofMinutes(2), "charge", "error", 2);

        jobs(obs, Duration.ofDays(10), "main", "eu", 1_000, 10);
        jobs(obs, Duration.ofHours(71), "main", "eu", 300, 3);
        jobs(obs, Duration.ofMinutes(90), "main", "eu", 60, 6);
        jobs(obs, Duration.ofMinutes(10), "main", "us", 40, 4);
        jobs(obs, Duration.ofMinutes(2), "main", "eu", 20, 1);
        jobs(obs, Duration.ofMinutes(2), "other", "eu", 100, 100);
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the traffic was stored");
    }

    private void audit(LiteObs obs, Duration ago, String operation, String status, int entries) {
        for (int i = 0; i < entries; i++) {
            obs.audit().log(AuditEntry.builder("payments", operation).status(status)
                    .timestamp(clock.instant().minus(ago)).build());
        }
    }

    private void jobs(LiteObs obs, Duration ago, String queue, String region, int started, int failed) {
        Labels labels = Labels.of("queue", queue, "region", region);
        obs.metrics().record("jobs.started", started, null, labels, clock.instant().minus(ago));
        obs.metrics().record("jobs.failed", failed, null, labels, clock.instant().minus(ago));
    }

    @Test
    void status_sliBudgetAndBurnRates_equalTheValuesComputedByHand_andThoseOverSqlite() {
        LiteObs pg = postgresObs();
        LiteObs sqlite = file.liteObs();
        chosenTraffic(pg);
        chosenTraffic(sqlite);
        Alerting alerting = file.closedLater(Alerting.builder(pg).scheduled(false)
                .objective(AVAILABILITY).objective(LATENCY).objective(AUDIT).objective(JOBS).build());

        List<ObjectiveStatus> statuses = alerting.objectiveStatus();

        // good and total events over 5m, 30m, 1h, 2h, 6h, 1d and 3d, then over the objective's 30 days
        assertStatus(statuses.get(0), AVAILABILITY, counts(52, 57), counts(155, 166), counts(155, 166),
                counts(355, 370), counts(355, 370), counts(855, 880), counts(1_865, 1_890), counts(6_865, 6_910));
        assertStatus(statuses.get(1), LATENCY, counts(50, 57), counts(150, 166), counts(150, 166),
                counts(350, 370), counts(350, 370), counts(850, 880), counts(1_850, 1_890), counts(6_850, 6_910));
        assertStatus(statuses.get(2), AUDIT, counts(10, 12), counts(40, 46), counts(40, 46), counts(40, 46),
                counts(40, 46), counts(140, 151), counts(140, 151), counts(540, 555));
        assertStatus(statuses.get(3), JOBS, counts(19, 20), counts(55, 60), counts(55, 60), counts(109, 120),
                counts(109, 120), counts(109, 120), counts(406, 420), counts(1_396, 1_420));
        // the figures of ObjectiveTest's hand-computed availability, less the slow requests of /search
        assertEquals(1 - 45 / 69.1, statuses.get(0).budgetRemaining(), 1e-9);
        assertEquals(5.0 / 57 / 0.01, statuses.get(0).burnRates().get(0).burnRate(), 1e-9);

        for (ObjectiveStatus status : statuses) {
            Objective objective = alerting.objectives().stream().filter(o -> o.id().equals(status.objective()))
                    .findFirst().orElseThrow();
            assertEquals(ErrorBudget.status(objective, pg.store(), clock.millis()), status, "counted in one pass");
            assertEquals(ErrorBudget.status(objective, sqlite.store(), clock.millis()), status,
                    "the same traffic in SQLite");
        }
    }

    private static EventCounts counts(long good, long total) {
        return new EventCounts(good, total);
    }

    /** The status's figures from its counts: the objective's window's last, the standard windows' in order. */
    private static void assertStatus(ObjectiveStatus status, Objective objective, EventCounts... expected) {
        String id = objective.id();
        assertEquals(id, status.objective());
        EventCounts window = expected[expected.length - 1];
        double target = objective.target();
        double allowed = (1 - target) * window.total();
        assertEquals("30d", status.window());
        assertEquals(window.good(), status.goodEvents(), id);
        assertEquals(window.total(), status.events(), id);
        assertEquals((double) window.good() / window.total(), status.sli(), 1e-12, id);
        assertEquals(1 - target, status.errorBudget(), 1e-12, id);
        assertEquals(1 - window.bad() / allowed, status.budgetRemaining(), 1e-9, id);
        assertEquals(allowed - window.bad(), status.budgetRemainingEvents(), 1e-9, id);
        assertEquals(List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d"),
                status.burnRates().stream().map(BurnRate::window).toList());
        for (int i = 0; i < status.burnRates().size(); i++) {
            BurnRate rate = status.burnRates().get(i);
            String what = id + " over " + rate.window();
            assertEquals(expected[i], new EventCounts(rate.goodEvents(), rate.events()), what);
            assertEquals((double) expected[i].bad() / expected[i].total() / (1 - target), rate.burnRate(), 1e-9,
                    what);
        }
    }

    @Test
    void explanation_namesWhatSpentTheBudget_overTheLastHourAndTheWholeWindow() {
        LiteObs pg = postgresObs();
        chosenTraffic(pg);
        Duration hour = Duration.ofHours(1);
        Duration month = Objective.DEFAULT_WINDOW;

        assertExplained(AVAILABILITY, pg, hour, 166, List.of(
                contributor(6, 11, "method", "GET", "route", "/orders", "status", "502"),
                contributor(5, 11, "method", "GET", "route", "/orders", "status", "500")));
        assertExplained(AVAILABILITY, pg, month, 6_910, List.of(
                contributor(29, 45, "method", "GET", "route", "/orders", "status", "500"),
                contributor(10, 45, "method", "GET", "route", "/orders", "status", "503"),
                contributor(6, 45, "method", "GET", "route", "/orders", "status", "502")));
        assertExplained(LATENCY, pg, hour, 166, List.of(
                contributor(11, 16, "method", "GET", "route", "/orders"),
                contributor(5, 16, "method", "GET", "route", "/search")));
        assertExplained(LATENCY, pg, month, 6_910, List.of(
                contributor(45, 60, "method", "GET", "route", "/orders"),
                contributor(15, 60, "method", "GET", "route", "/search")));
        assertExplained(AUDIT, pg, hour, 46, List.of(
                contributor(5, 6, "component", "payments", "operation", "charge", "status", "error"),
                contributor(1, 6, "component", "payments", "operation", "refund", "status", "declined")));
        assertExplained(AUDIT, pg, month, 555, List.of(
                contributor(9, 15, "component", "payments", "operation", "charge", "status", "error"),
                contributor(6, 15, "component", "payments", "operation", "refund", "status", "declined")));
        assertExplained(JOBS, pg, hour, 60, List.of(
                contributor(4, 5, "metric", "jobs.failed", "queue", "main", "region", "us"),
                contributor(1, 5, "metric", "jobs.failed", "queue", "main", "region", "eu")));
        assertExplained(JOBS, pg, month, 1_420, List.of(
                contributor(20, 24, "metric", "jobs.failed", "queue", "main", "region", "eu"),
                contributor(4, 24, "metric", "jobs.failed", "queue", "main", "region", "us")));
    }

    private static BudgetContributor contributor(long badEvents, long allBadEvents, String... keysAndValues) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new BudgetContributor(labels, badEvents, (double) badEvents / allBadEvents);
    }

    private void assertExplained(Objective objective, LiteObs obs, Duration window, long events,
            List<BudgetContributor> contributors) {
        BudgetExplanation why = ErrorBudget.explain(objective, obs.store(), clock.millis(), window);
        String what = objective.id() + " over " + why.window();
        long bad = contributors.stream().mapToLong(BudgetContributor::badEvents).sum();
        assertEquals(bad, why.badEvents(), what);
        assertEquals(events, why.events(), what);
        assertEquals((double) bad / events / (1 - objective.target()), why.burnRate(), 1e-9, what);
        assertEquals(contributors, why.contributors(), what);
    }
}
