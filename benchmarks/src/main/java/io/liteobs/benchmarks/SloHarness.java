package io.liteobs.benchmarks;

import io.liteobs.StoreStatus;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.ErrorBudget;
import io.liteobs.alerting.EvaluationContext;
import io.liteobs.alerting.EventCounts;
import io.liteobs.alerting.Indicator;
import io.liteobs.alerting.Objective;
import io.liteobs.alerting.ObjectiveCounter;
import io.liteobs.spi.StoreReader;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The cost of evaluating a service level objective from an {@link ObjectiveCounter} against counting every window
 * in the store, over a file of HTTP requests spread evenly over a few days and over 30 days.
 *
 * <p>A round is what an objective's alert rules read: the page's and the ticket's burn-rate sources observed once,
 * the workbook's four window pairs (1h and 5m, 6h and 30m, 1d and 2h, 3d and 6h) of a 30-day availability
 * objective. Direct: each window counted in the store. Cached: one {@link ObjectiveCounter#forAlerts} kept from
 * round to round, as {@code Alerting} keeps it. The first cached round fills the counter (3 days, one pass); then
 * each round comes a minute later, after that minute's requests were written (not timed), and the two are timed in
 * alternation (A B, B A), the same moment each. The same for {@code ErrorBudget.status} (the dashboard's and
 * {@code liteobs slo}'s read: the 30-day window and the seven standard windows): every window counted directly, one
 * pass through a new counter, and a kept counter.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.SloHarness [--rows N] [--rounds N]
 * </pre>
 */
public final class SloHarness {

    private static final Instant END = Instant.ofEpochMilli(Workload.START_MILLIS).plus(Duration.ofDays(30));
    private static final long MINUTE = 60_000;
    private static final int FILLS = 3;

    private SloHarness() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int rounds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rows N or --rounds N");
            }
        }
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            for (int days : List.of(3, 30)) {
                run(files, rows, Duration.ofDays(days), rounds);
            }
        }
    }

    private static void run(BenchFiles files, long rows, Duration span, int rounds) throws SQLException {
        Path file = files.newFile("slo-" + span.toDays() + "d", true);
        Map<String, LongFunction<?>> columns = HttpHarness.columns(rows, END, span.toMillis());
        long started = System.nanoTime();
        HttpHarness.rawInsert(file, columns, 0, rows);
        long perMinute = Math.max(1, rows * MINUTE / span.toMillis());
        System.out.printf("%n%,d requests over %d days (%,d a minute), %d routes, written raw in %.1f s%n", rows,
                span.toDays(), perMinute, HttpHarness.ROUTES, IngestHarness.seconds(started));
        Objective objective = Objective.named("availability", Indicator.httpAvailability());
        List<AlertRule> rules = objective.alertRules();
        try (SqliteStore store = SqliteStore.open(file)) {
            long now = END.toEpochMilli() - 1;
            double[] fillDirect = new double[FILLS];
            double[] fillCached = new double[FILLS];
            double[] statusDirect = new double[FILLS];
            double[] statusOnePass = new double[FILLS];
            ObjectiveCounter alertCounter = ObjectiveCounter.forAlerts(objective, store);
            ObjectiveCounter statusCounter = ObjectiveCounter.of(objective, store);
            for (int i = 0; i < FILLS; i++) {
                ObjectiveCounter fresh = ObjectiveCounter.forAlerts(objective, store);
                ObjectiveCounter freshStatus = ObjectiveCounter.of(objective, store);
                fillCached[i] = millis(() -> round(rules, new Context(store, now, fresh)));
                fillDirect[i] = millis(() -> round(rules, new Context(store, now, null)));
                statusOnePass[i] = millis(() -> ErrorBudget.status(freshStatus, now));
                statusDirect[i] = millis(() -> directStatus(objective, store, now));
                alertCounter = fresh;
                statusCounter = freshStatus;
            }
            System.out.printf("first round, %d times (A B):%n", FILLS);
            print("  alert round, direct (8 windows)         ", fillDirect);
            print("  alert round, cached: fill, one pass      ", fillCached);
            print("  status, direct (8 windows)               ", statusDirect);
            print("  status, one pass (ErrorBudget.status)    ", statusOnePass);

            double[] steadyDirect = new double[rounds];
            double[] steadyCached = new double[rounds];
            double[] steadyStatusDirect = new double[rounds];
            double[] steadyStatusCached = new double[rounds];
            long next = rows;
            for (int round = 0; round < rounds; round++) {
                HttpHarness.rawInsert(file, columns, next, next + perMinute);
                next += perMinute;
                long at = now + (round + 1) * MINUTE;
                ObjectiveCounter kept = alertCounter;
                ObjectiveCounter keptStatus = statusCounter;
                if (round % 2 == 0) {
                    steadyCached[round] = millis(() -> round(rules, new Context(store, at, kept)));
                    steadyDirect[round] = millis(() -> round(rules, new Context(store, at, null)));
                    steadyStatusCached[round] = millis(() -> ErrorBudget.status(keptStatus, at));
                    steadyStatusDirect[round] = millis(() -> directStatus(objective, store, at));
                } else {
                    steadyDirect[round] = millis(() -> round(rules, new Context(store, at, null)));
                    steadyCached[round] = millis(() -> round(rules, new Context(store, at, kept)));
                    steadyStatusDirect[round] = millis(() -> directStatus(objective, store, at));
                    steadyStatusCached[round] = millis(() -> ErrorBudget.status(keptStatus, at));
                }
            }
            System.out.printf("steady rounds, a minute apart, %,d new requests each, %d rounds (A B, B A):%n",
                    perMinute, rounds);
            print("  alert round, direct                      ", steadyDirect);
            print("  alert round, kept counter                ", steadyCached);
            System.out.printf("  ratio direct / kept counter: %.0f x%n", median(steadyDirect) / median(steadyCached));
            print("  status, direct                           ", steadyStatusDirect);
            print("  status, kept counter                     ", steadyStatusCached);
            System.out.printf("  ratio direct / kept counter: %.0f x%n",
                    median(steadyStatusDirect) / median(steadyStatusCached));
        }
    }

    /** The page's and the ticket's sources observed once, as an alert round reads them. */
    private static Object round(List<AlertRule> rules, EvaluationContext context) {
        List<Object> observed = new ArrayList<>();
        for (AlertRule rule : rules) {
            observed.add(rule.source().observe(context));
        }
        return observed;
    }

    /** The objective's window and the standard windows, each counted in the store, as the status read before. */
    private static Object directStatus(Objective objective, StoreReader store, long now) {
        List<EventCounts> counts = new ArrayList<>();
        counts.add(objective.indicator().count(store, ErrorBudget.windowEndingAt(now, objective.window())));
        for (Duration window : ErrorBudget.STANDARD_WINDOWS) {
            counts.add(objective.indicator().count(store, ErrorBudget.windowEndingAt(now, window)));
        }
        return counts;
    }

    private static double millis(Supplier<?> operation) {
        long started = System.nanoTime();
        if (operation.get() == null) {
            throw new IllegalStateException("the timed operation returned nothing");
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%s median %9.2f ms   min %9.2f   max %9.2f%n", what, median(millis), sorted[0],
                sorted[sorted.length - 1]);
    }


    /** A round's context: the counts from {@code counter}, or from the store when there is none. */
    private record Context(StoreReader store, long nowMillis, @Nullable ObjectiveCounter counter) implements EvaluationContext {

        @Override
        public StoreStatus storeStatus() {
            return StoreStatus.OK;
        }

        @Override
        public Map<String, Long> counterIncrease(RecorderCounter which, Duration window) {
            return Map.of();
        }

        @Override
        public EventCounts countEvents(Objective objective, Duration window) {
            return counter == null ? EvaluationContext.super.countEvents(objective, window)
                    : counter.count(nowMillis, window);
        }
    }
}
