package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which series of two counters spent an objective's budget, over counters stepped once a minute into a real SQLite
 * file (and the in-memory store, which must agree): each series' bad events and share against values computed by
 * hand in both forms of the indicator, the points on the range's edges, the explanation's figures, counters that
 * disagree, and random ranges whose contributors add up to the indicator's count.
 */
class CounterContributorsTest {

    private static final Instant FROM = Instant.parse("2026-11-22T09:00:00Z");
    /** The hour explained: minutes 0 to 59 of the traffic, its first point included, the point at its end not. */
    private static final TimeRange HOUR = TimeRange.between(FROM, FROM.plus(Duration.ofHours(1)));
    /** The value of the points just before the hour and on its end, which no count of the hour may hold. */
    private static final int OUTSIDE = 1_000;
    private static final String STARTED = "jobs.started";
    private static final String SUCCEEDED = "jobs.succeeded";
    private static final String FAILED = "jobs.failed";
    private static final Indicator.Counters GOOD_OVER_TOTAL =
            Indicator.goodOverTotal(SUCCEEDED, STARTED).where("region", "eu");
    private static final Indicator.Counters BAD_OVER_TOTAL =
            Indicator.badOverTotal(FAILED, STARTED).where("region", "eu");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(FROM.plus(Duration.ofHours(4)));
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);

    /**
     * One series of a counter stepped at each minute {@code i} of the hour by {@code perStep(i)}, and by
     * {@value #OUTSIDE} a millisecond before the hour and on its end.
     */
    private static void counter(LiteObs obs, String name, String queue, String region, IntUnaryOperator perStep) {
        Labels labels = Labels.of("queue", queue, "region", region);
        obs.metrics().record(name, OUTSIDE, null, labels, FROM.minusMillis(1));
        for (int minute = 0; minute < 60; minute++) {
            obs.metrics().record(name, perStep.applyAsInt(minute), null, labels, FROM.plusSeconds(60L * minute));
        }
        obs.metrics().record(name, OUTSIDE, null, labels, HOUR.to());
    }

    /**
     * Jobs of four queues in region eu, and one in us that the indicators leave out. Over the hour:
     * <pre>
     * queue  started  succeeded  failed
     * a      600      540        60
     * b      300      270        24     (nothing succeeds in minutes 0, 10, .., 50, when 4 fail)
     * c      120      -          120    (no series of succeeded: every job is bad)
     * d      180      180        0
     * us/a   600      0          600
     * </pre>
     */
    private static void jobs(LiteObs obs) {
        counter(obs, STARTED, "a", "eu", minute -> 10);
        counter(obs, SUCCEEDED, "a", "eu", minute -> 9);
        counter(obs, FAILED, "a", "eu", minute -> 1);
        counter(obs, STARTED, "b", "eu", minute -> 5);
        counter(obs, SUCCEEDED, "b", "eu", minute -> minute % 10 == 0 ? 0 : 5);
        counter(obs, FAILED, "b", "eu", minute -> minute % 10 == 0 ? 4 : 0);
        counter(obs, STARTED, "c", "eu", minute -> 2);
        counter(obs, FAILED, "c", "eu", minute -> 2);
        counter(obs, STARTED, "d", "eu", minute -> 3);
        counter(obs, SUCCEEDED, "d", "eu", minute -> 3);
        counter(obs, FAILED, "d", "eu", minute -> 0);
        counter(obs, STARTED, "a", "us", minute -> 10);
        counter(obs, SUCCEEDED, "a", "us", minute -> 0);
        counter(obs, FAILED, "a", "us", minute -> 10);
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the points were stored");
    }

    private static BudgetContributor contributor(String metric, String queue, long badEvents, long allBadEvents) {
        return new BudgetContributor(Map.of("metric", metric, "queue", queue, "region", "eu"), badEvents,
                (double) badEvents / allBadEvents);
    }

    private static long sumOf(List<BudgetContributor> contributors) {
        return contributors.stream().mapToLong(BudgetContributor::badEvents).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void goodOverTotal_eachTotalSeriesLessItsGoodSeries_aTotalWithoutGoodSeriesAllBad(String store) {
        LiteObs obs = file.liteObs(store);
        jobs(obs);

        List<BudgetContributor> contributors = GOOD_OVER_TOTAL.contributors(obs.store(), HOUR);

        String metric = "jobs.started - jobs.succeeded";
        assertEquals(List.of(contributor(metric, "c", 120, 210), contributor(metric, "a", 60, 210),
                contributor(metric, "b", 30, 210)), contributors, "queue d had no bad job; region us is left out");
        assertEquals(List.of("metric", "queue", "region"), List.copyOf(contributors.get(0).labels().keySet()));
        assertEquals(new EventCounts(990, 1_200), GOOD_OVER_TOTAL.count(obs.store(), HOUR));
        assertEquals(210, sumOf(contributors), "the series add up to the count's bad events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void badOverTotal_eachBadSeriesItsSum(String store) {
        LiteObs obs = file.liteObs(store);
        jobs(obs);

        List<BudgetContributor> contributors = BAD_OVER_TOTAL.contributors(obs.store(), HOUR);

        assertEquals(List.of(contributor(FAILED, "c", 120, 204), contributor(FAILED, "a", 60, 204),
                contributor(FAILED, "b", 24, 204)), contributors, "queue d's zero is no contributor");
        assertEquals(new EventCounts(996, 1_200), BAD_OVER_TOTAL.count(obs.store(), HOUR));
        assertEquals(204, sumOf(contributors));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void pointsOnTheRangesEnd_areLeftOut_andCountedByTheRangeAMillisecondLater(String store) {
        LiteObs obs = file.liteObs(store);
        jobs(obs);
        // the hour a millisecond later: minute 0 is out, the points on the hour's end are in
        TimeRange later = TimeRange.between(HOUR.from().plusMillis(1), HOUR.to().plusMillis(1));

        List<BudgetContributor> contributors = BAD_OVER_TOTAL.contributors(obs.store(), later);

        long all = 4_197;
        assertEquals(List.of(contributor(FAILED, "c", 120 - 2 + OUTSIDE, all),
                contributor(FAILED, "a", 60 - 1 + OUTSIDE, all), contributor(FAILED, "b", 24 - 4 + OUTSIDE, all),
                contributor(FAILED, "d", OUTSIDE, all)), contributors);
        assertEquals(new EventCounts(5_180 - all, 5_180), BAD_OVER_TOTAL.count(obs.store(), later));
        assertEquals(all, sumOf(contributors));
    }

    @Test
    void explanation_ofTheHour_namesTheSeries_whichAddUpToItsBadEvents() {
        LiteObs obs = file.liteObs("sqlite");
        jobs(obs);
        Objective objective = Objective.named("jobs", GOOD_OVER_TOTAL).target(0.99);

        BudgetExplanation why = ErrorBudget.explain(objective, obs.store(), HOUR.toMillis() - 1,
                Duration.ofHours(1));

        assertEquals(HOUR.fromMillis(), why.fromMillis());
        assertEquals(HOUR.toMillis(), why.toMillis());
        assertEquals(210, why.badEvents());
        assertEquals(1_200, why.events());
        assertEquals(210.0 / 1_200 / 0.01, why.burnRate(), 1e-9);
        assertEquals(GOOD_OVER_TOTAL.contributors(obs.store(), HOUR), why.contributors());
        assertEquals(why.badEvents(), sumOf(why.contributors()));
        assertEquals(1.0, why.contributors().stream().mapToDouble(BudgetContributor::share).sum(), 1e-12);
    }

    /**
     * Counters written apart may disagree at a window's edges: each series is clamped alone, the count over every
     * series at once, so the contributors add up to more than the explanation's bad events, which stay the count's.
     */
    @Test
    void countersThatDisagree_areClampedPerSeries_whileTheExplanationKeepsTheCount() {
        LiteObs obs = file.liteObs("sqlite");
        counter(obs, STARTED, "ahead", "eu", minute -> minute < 10 ? 1 : 0);      // 10 started
        counter(obs, SUCCEEDED, "ahead", "eu", minute -> minute < 15 ? 1 : 0);    // 15 succeeded
        counter(obs, STARTED, "behind", "eu", minute -> minute < 20 ? 1 : 0);     // 20 started
        counter(obs, SUCCEEDED, "behind", "eu", minute -> minute < 10 ? 1 : 0);   // 10 succeeded
        counter(obs, FAILED, "behind", "eu", minute -> minute < 35 ? 1 : 0);      // 35 failed
        assertTrue(obs.flush(Duration.ofSeconds(30)));

        assertEquals(new EventCounts(25, 30), GOOD_OVER_TOTAL.count(obs.store(), HOUR));
        assertEquals(List.of(contributor("jobs.started - jobs.succeeded", "behind", 10, 10)),
                GOOD_OVER_TOTAL.contributors(obs.store(), HOUR), "the queue ahead spent nothing, and saved nothing");
        assertEquals(new EventCounts(0, 30), BAD_OVER_TOTAL.count(obs.store(), HOUR),
                "35 bad over every series, at most the total");
        assertEquals(List.of(contributor(FAILED, "behind", 35, 35)), BAD_OVER_TOTAL.contributors(obs.store(), HOUR),
                "a series' bad events are its own sum");

        BudgetExplanation why = ErrorBudget.explain(Objective.named("jobs", GOOD_OVER_TOTAL).target(0.9),
                obs.store(), HOUR.toMillis() - 1, Duration.ofHours(1));
        assertEquals(5, why.badEvents(), "the count's, as the burn rate's");
        assertEquals(5.0 / 30 / 0.1, why.burnRate(), 1e-9);
        assertEquals(10, sumOf(why.contributors()));
    }

    /**
     * Generated traffic at random milliseconds over three hours, never more bad or good than started in a point,
     * and random ranges whose ends fall on points: in both forms and both stores, the series add up to the count.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void randomRanges_contributorsAddUpToTheCount(String store) {
        LiteObs obs = file.liteObs(store);
        Random random = new Random(18);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Instant at = FROM.plusMillis(random.nextInt((int) Duration.ofHours(3).toMillis()));
            String queue = List.of("a", "b", "c", "d", "e").get(random.nextInt(5));
            Labels labels = Labels.of("queue", queue, "region", random.nextInt(6) == 0 ? "us" : "eu");
            int started = 1 + random.nextInt(20);
            int failed = random.nextInt(started + 1);
            obs.metrics().record(STARTED, started, null, labels, at);
            obs.metrics().record(FAILED, failed, null, labels, at);
            if (!queue.equals("e")) {                                              // queue e: only totals
                obs.metrics().record(SUCCEEDED, started - failed, null, labels, at);
            }
            times.add(at);
        }
        assertTrue(obs.flush(Duration.ofSeconds(30)));

        for (int i = 0; i < 60; i++) {
            Instant one = times.get(random.nextInt(times.size()));
            Instant other = times.get(random.nextInt(times.size())).plusMillis(random.nextInt(3));
            if (one.equals(other) || one.plusMillis(1).equals(other) || other.plusMillis(1).equals(one)) {
                continue;
            }
            TimeRange range = one.isBefore(other) ? TimeRange.between(one, other) : TimeRange.between(other, one);
            for (Indicator.Counters indicator : List.of(GOOD_OVER_TOTAL, BAD_OVER_TOTAL)) {
                List<BudgetContributor> contributors = indicator.contributors(obs.store(), range);
                assertEquals(indicator.count(obs.store(), range).bad(), sumOf(contributors),
                        () -> indicator.describe() + " over " + range);
                if (!contributors.isEmpty()) {
                    assertEquals(1.0, contributors.stream().mapToDouble(BudgetContributor::share).sum(), 1e-9);
                }
            }
        }
    }

    @Test
    void singleMillisecond_isRefused_namingTheCountersAndTheFix() {
        LiteObs obs = file.liteObs("sqlite");
        TimeRange millisecond = TimeRange.between(FROM, FROM.plusMillis(1));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BAD_OVER_TOTAL.contributors(obs.store(), millisecond));

        assertEquals("the counters jobs.failed and jobs.started are explained per series over at least 2 ms, as a"
                + " window query spans; got the single millisecond 2026-11-22T09:00:00Z: explain a window of 2 ms"
                + " or more", refused.getMessage());
    }
}
