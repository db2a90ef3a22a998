package io.liteobs.benchmarks;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.MetricQuery;
import io.liteobs.TimeRange;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.alerting.EvaluationRound;
import io.liteobs.sqlite.SqliteStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One evaluation round of 100 alert rules over a file of 10 million points (1,000 series over 24 hours, as
 * {@link QueryHarness} writes them): each rule averages the 10 series of one metric over 5 minutes. The baseline,
 * measured in the same run and interleaved with the rounds (ABAB), is the rules' queries alone, with nothing
 * evaluated or committed; the ratio says what evaluation and the one commit add to them.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.AlertingHarness [--quick]
 * </pre>
 *
 * <p>{@code --quick} writes a tenth of the points.
 */
public final class AlertingHarness {

    private static final int RULES = QueryHarness.METRICS;
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int WARMUPS = 10;
    private static final int RUNS = 60;

    private AlertingHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        long points = quick ? 1_000_000 : 10_000_000;
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            SqliteStore store = SqliteStore.open(files.newFile("alerting", false));
            long started = System.nanoTime();
            QueryHarness.writePoints(store, points, QueryHarness.END);
            store.compact(); // the ingest's WAL checkpointed, as a service's would be long since
            System.out.printf("%,d points in %,d series written in %.1f s%n", points,
                    QueryHarness.METRICS * QueryHarness.SERIES_PER_METRIC, IngestHarness.seconds(started));
            // three hours before the data's end: every round's window holds points
            Instant end = Instant.ofEpochMilli(Workload.START_MILLIS).plus(Duration.ofDays(1));
            ManualClock clock = new ManualClock(end.minus(Duration.ofHours(3)));
            List<AlertRule> rules = new ArrayList<>();
            for (int i = 0; i < RULES; i++) {
                rules.add(AlertRule.named("rule-" + i).metric("metric-" + i).avg(WINDOW).above(Workload.value(i))
                        .pendingFor(Duration.ofMinutes(1)));
            }
            try (LiteObs obs = LiteObs.builder(store).clock(clock).build();
                 Alerting alerting = Alerting.builder(obs).rules(rules).scheduled(false).build()) {
                measure(clock, store, alerting);
            }
        }
    }

    private static void measure(ManualClock clock, SqliteStore store, Alerting alerting) {
        EvaluationRound first = alerting.evaluateNow();
        System.out.printf("first round: %d rules evaluated, %d alerts fired%n", first.evaluated(), first.fired());
        double[] rounds = new double[RUNS];
        double[] queries = new double[RUNS];
        long pointsRead = 0;
        for (int i = -WARMUPS; i < RUNS; i++) {
            clock.advance(AlertRule.DEFAULT_INTERVAL); // every rule is due again
            long roundStarted = System.nanoTime();
            EvaluationRound round = alerting.evaluateNow();
            double roundMillis = (System.nanoTime() - roundStarted) / 1e6;
            if (round.evaluated() != RULES) {
                throw new IllegalStateException("a round evaluated " + round.evaluated() + " rules, not " + RULES);
            }
            long queriesStarted = System.nanoTime();
            long read = queryOnly(store, clock.millis());
            double queryMillis = (System.nanoTime() - queriesStarted) / 1e6;
            if (i >= 0) {
                rounds[i] = roundMillis;
                queries[i] = queryMillis;
                pointsRead = read;
            }
        }
        System.out.printf("%nA: one round of %d rules (queries, evaluation, one commit):%n  %s%n", RULES,
                summary(rounds));
        System.out.printf("B: the same %d queries alone (%,d points read):%n  %s%n", RULES, pointsRead,
                summary(queries));
        System.out.printf("A / B, medians: %.2f%n", median(rounds) / median(queries));
    }

    /** The rules' reads and nothing else: each metric's points in the window. */
    private static long queryOnly(SqliteStore store, long nowMillis) {
        TimeRange range = TimeRange.between(Instant.ofEpochMilli(nowMillis - WINDOW.toMillis()),
                Instant.ofEpochMilli(nowMillis + 1));
        long read = 0;
        for (int i = 0; i < RULES; i++) {
            read += store.findMetricPoints(MetricQuery.builder("metric-" + i).labels(Labels.empty()).range(range)
                    .limit(100_000).build()).size();
        }
        return read;
    }

    private static String summary(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %7.2f ms   p95 %7.2f ms   min %7.2f ms   max %7.2f ms   (%d runs)",
                median(millis), sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sorted[0],
                sorted[sorted.length - 1], sorted.length);
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
