package io.liteobs.benchmarks;

import io.liteobs.Aggregation;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.alerting.EvaluationRound;
import io.liteobs.sqlite.SqliteStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One evaluation round of 100 alert rules over a file of 10 million points (1,000 series over 24 hours, as
 * {@link QueryHarness} writes them): each rule averages the 10 series of one metric over 5 minutes. The baseline,
 * measured in the same run and interleaved with the rounds (ABAB), is the rules' queries alone (one window query
 * each), with nothing evaluated or committed; the ratio says what evaluation and the one commit add to them, and
 * the time spent in each store call of the rounds says where it goes.
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
            ProfiledStore profiled = new ProfiledStore(store);
            try (LiteObs obs = LiteObs.builder(profiled).clock(clock).build();
                 Alerting alerting = Alerting.builder(obs).rules(rules).scheduled(false).build()) {
                measure(clock, store, profiled, alerting);
            }
        }
    }

    private static void measure(ManualClock clock, SqliteStore store, ProfiledStore profiled, Alerting alerting) {
        long firstStarted = System.nanoTime();
        EvaluationRound first = alerting.evaluateNow();
        System.out.printf("first round: %d rules evaluated, %d alerts fired, %.2f ms; its store calls: %s%n",
                first.evaluated(), first.fired(), (System.nanoTime() - firstStarted) / 1e6,
                format(profiled.takeMillis(), 1));
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
            } else {
                profiled.takeMillis(); // the warm-ups' calls are not counted
            }
        }
        Map<String, Double> calls = profiled.takeMillis();
        System.out.printf("%nA: one round of %d rules (queries, evaluation, one commit):%n  %s%n", RULES,
                summary(rounds));
        System.out.printf("B: the same %d window queries alone (%,d points aggregated):%n  %s%n", RULES, pointsRead,
                summary(queries));
        System.out.printf("A / B, medians: %.2f%n", median(rounds) / median(queries));
        System.out.printf("where a round goes, mean per round: %s; in all %.2f ms of %.2f ms%n", format(calls, RUNS),
                calls.values().stream().mapToDouble(Double::doubleValue).sum() / RUNS,
                Arrays.stream(rounds).sum() / RUNS);
    }

    private static String format(Map<String, Double> millisByCall, int rounds) {
        StringBuilder text = new StringBuilder();
        millisByCall.forEach((call, millis) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%s %.2f ms", call, millis / rounds)));
        return text.toString();
    }

    /** The rules' reads and nothing else: each metric's series aggregated over the window. */
    private static long queryOnly(SqliteStore store, long nowMillis) {
        long read = 0;
        for (int i = 0; i < RULES; i++) {
            read += store.aggregateWindow(WindowQuery.of("metric-" + i, Labels.empty(), Aggregation.AVG, WINDOW,
                    nowMillis)).stream().mapToLong(WindowAggregate::samples).sum();
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
