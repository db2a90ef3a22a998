package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.HttpRequest;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Traffic for the objective tests, stamped before a test's {@link ManualClock}'s time: requests, audit entries and
 * counters chosen by the test or generated at random, and the check that an {@link ObjectiveCounter}'s windows equal
 * direct counts of the store, whichever store the traffic went to.
 */
final class Traffic {

    private static final List<String> AUDIT_STATUSES = List.of("success", "declined", "error");

    private final ManualClock clock;
    private final Random random;

    /**
     * @param clock the test's clock: traffic is stamped before its time
     * @param seed  the seed of the generated traffic, and of {@link #random()}
     */
    Traffic(ManualClock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** The random numbers of the generated traffic, for the test's own choices (how far the clock moves). */
    Random random() {
        return random;
    }

    /** An objective of each indicator over the generated traffic, windows of 2 days to the default 30. */
    static List<Objective> objectivesOfEveryIndicator() {
        return List.of(
                Objective.named("availability", Indicator.httpAvailability()).window(Duration.ofDays(2)),
                Objective.named("latency", Indicator.httpLatency(Duration.ofMillis(100)).method("GET")),
                Objective.named("audit", Indicator.audit("payments").goodStatuses(Set.of("success", "declined")))
                        .window(Duration.ofDays(3)),
                Objective.named("jobs", Indicator.badOverTotal("jobs.failed", "jobs.started")
                        .where("queue", "main")).window(Duration.ofDays(2)));
    }

    /** Windows of every kind: the standard ones, the objectives', and some shorter than the settle margin. */
    static List<Duration> windowsToCheck() {
        return Stream.concat(ErrorBudget.STANDARD_WINDOWS.stream(), Stream.of(Duration.ofSeconds(90),
                        Duration.ofMinutes(7), Duration.ofMinutes(45), Duration.ofDays(2), Duration.ofDays(30)))
                .toList();
    }

    /**
     * One request, one audit entry and one pair of counter points at each of {@code count} random times up to
     * {@code spread} before the clock's time, the same rows into each of {@code stores}.
     */
    void generate(int count, Duration spread, LiteObs... stores) {
        for (int i = 0; i < count; i++) {
            Instant at = clock.instant().minusMillis((long) (random.nextDouble() * spread.toMillis()));
            String route = random.nextBoolean() ? "/orders" : "/pay";
            HttpRequest request = HttpRequest.builder(random.nextBoolean() ? "GET" : "POST", route).route(route)
                    .status(List.of(200, 200, 200, 404, 500, 503).get(random.nextInt(6)))
                    .duration(Duration.ofMillis(1 + random.nextInt(300))).startedAt(at).build();
            AuditEntry entry = AuditEntry.builder("payments", random.nextBoolean() ? "charge" : "refund")
                    .status(AUDIT_STATUSES.get(random.nextInt(AUDIT_STATUSES.size()))).timestamp(at).build();
            int started = 1 + random.nextInt(9);
            int failed = random.nextInt(started + 1);
            for (LiteObs obs : stores) {
                obs.http().record(request);
                obs.audit().log(entry);
                obs.metrics().record("jobs.started", started, null, Labels.of("queue", "main"), at);
                obs.metrics().record("jobs.failed", failed, null, Labels.of("queue", "main"), at);
            }
        }
        flush(stores);
    }

    /**
     * Requests of a route started {@code ago} before the clock's time: {@code good} ones answered 200 in 20 ms, then
     * {@code slow} ones answered {@code status} in 900 ms (bad for a latency objective, and for an availability one
     * when {@code status} is 5xx).
     */
    void requests(LiteObs obs, Duration ago, String route, int good, int status, int slow) {
        Instant startedAt = clock.instant().minus(ago);
        for (int i = 0; i < good + slow; i++) {
            obs.http().record(HttpRequest.builder("GET", route).route(route).status(i < good ? 200 : status)
                    .duration(Duration.ofMillis(i < good ? 20 : 900)).startedAt(startedAt).build());
        }
        flush(obs);
    }

    /**
     * GET /orders requests at chosen ages, whose availability over 30 days and every standard window is worked out
     * by hand in {@code ObjectiveTest}: 6,850 good and 45 bad in the 30 days, and 100 bad 31 days ago, outside them.
     * <pre>
     * age   answered 200 in 20 ms   answered in 900 ms
     * 31d   0                       100, 500
     * 10d   5,000                   20, 500
     * 71h   1,000                   0
     * 20h   500                     10, 503
     * 90m   200                     4, 500
     * 10m   100                     6, 502
     * 2m    50                      5, 500
     * </pre>
     */
    void ordersOfAMonth(LiteObs obs) {
        requests(obs, Duration.ofDays(31), "/orders", 0, 500, 100);
        requests(obs, Duration.ofDays(10), "/orders", 5_000, 500, 20);
        requests(obs, Duration.ofHours(71), "/orders", 1_000, 500, 0);
        requests(obs, Duration.ofHours(20), "/orders", 500, 503, 10);
        requests(obs, Duration.ofMinutes(90), "/orders", 200, 500, 4);
        requests(obs, Duration.ofMinutes(10), "/orders", 100, 502, 6);
        requests(obs, Duration.ofMinutes(2), "/orders", 50, 500, 5);
    }

    private static void flush(LiteObs... stores) {
        for (LiteObs obs : stores) {
            assertTrue(obs.flush(Duration.ofSeconds(30)), "the traffic was stored");
        }
    }

    /** Each counter's count of every window to check, ending at the clock's time, against a direct count. */
    void assertEveryWindowEqualsADirectCount(List<ObjectiveCounter> counters, StoreReader store, String when) {
        long now = clock.millis();
        for (ObjectiveCounter counter : counters) {
            for (Duration window : windowsToCheck()) {
                EventCounts direct = counter.objective().indicator().count(store,
                        ErrorBudget.windowEndingAt(now, window));
                assertEquals(direct, counter.count(now, window), () -> counter.objective().id() + " over "
                        + Durations.format(window) + " " + when);
            }
        }
    }
}
