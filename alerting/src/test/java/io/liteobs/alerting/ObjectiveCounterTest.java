package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counts an {@link ObjectiveCounter} keeps against a direct count of the same range in the store, for every
 * indicator, over generated traffic, as a {@link ManualClock} moves across minute boundaries and rows arrive up to
 * the settle margin late; and what a round reads once the counter is filled.
 */
class ObjectiveCounterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:17.250Z");
    private static final List<String> STATUSES = List.of("success", "declined", "error");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(NOW);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);
    private final Random random = new Random(18);

    private static List<Objective> objectivesOfEveryIndicator() {
        return List.of(
                Objective.named("availability", Indicator.httpAvailability()).window(Duration.ofDays(2)),
                Objective.named("latency", Indicator.httpLatency(Duration.ofMillis(100)).method("GET")),
                Objective.named("audit", Indicator.audit("payments").goodStatuses(Set.of("success", "declined")))
                        .window(Duration.ofDays(3)),
                Objective.named("jobs", Indicator.badOverTotal("jobs.failed", "jobs.started")
                        .where("queue", "main")).window(Duration.ofDays(2)));
    }

    /** Windows of every kind: the standard ones, the objectives', and some shorter than the settle margin. */
    private static List<Duration> windowsToCheck() {
        return Stream.concat(ErrorBudget.STANDARD_WINDOWS.stream(), Stream.of(Duration.ofSeconds(90),
                        Duration.ofMinutes(7), Duration.ofMinutes(45), Duration.ofDays(2), Duration.ofDays(30)))
                .toList();
    }

    /** One request, one audit entry and one pair of counter points at each of {@code count} times. */
    private void record(LiteObs obs, int count, Duration spread) {
        for (int i = 0; i < count; i++) {
            Instant at = clock.instant().minusMillis((long) (random.nextDouble() * spread.toMillis()));
            String route = random.nextBoolean() ? "/orders" : "/pay";
            obs.http().record(HttpRequest.builder(random.nextBoolean() ? "GET" : "POST", route).route(route)
                    .status(List.of(200, 200, 200, 404, 500, 503).get(random.nextInt(6)))
                    .duration(Duration.ofMillis(1 + random.nextInt(300))).startedAt(at).build());
            obs.audit().log(AuditEntry.builder("payments", random.nextBoolean() ? "charge" : "refund")
                    .status(STATUSES.get(random.nextInt(STATUSES.size()))).timestamp(at).build());
            int started = 1 + random.nextInt(9);
            obs.metrics().record("jobs.started", started, null, Labels.of("queue", "main"), at);
            obs.metrics().record("jobs.failed", random.nextInt(started + 1), null, Labels.of("queue", "main"), at);
        }
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the rows were stored");
    }

    private void assertEveryWindowEqualsADirectCount(List<ObjectiveCounter> counters, ObservabilityStore store,
            String when) {
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

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void everyWindow_equalsADirectCount_asTimeMovesOn_withRowsUpToTheSettleMarginLate(String storeKind) {
        LiteObs obs = file.liteObs(storeKind);
        record(obs, 1_500, Duration.ofDays(4));
        List<ObjectiveCounter> counters = objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();

        assertEveryWindowEqualsADirectCount(counters, obs.store(), "at the first count");
        for (int round = 1; round <= 40; round++) {
            // rounds a few seconds to a few minutes apart, crossing minute boundaries at any point of a minute
            clock.advance(Duration.ofMillis(7_000 + random.nextInt(200_000)));
            record(obs, 12, ObjectiveCounter.SETTLE_MARGIN);
            assertEveryWindowEqualsADirectCount(counters, obs.store(), "at round " + round);
        }
        // a count asked twice at the same moment, and a pause longer than the longest window
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "asked again");
        clock.advance(Duration.ofDays(3).plusMinutes(7));
        record(obs, 30, ObjectiveCounter.SETTLE_MARGIN);
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "after three days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void rowsHeldBackWhileTheStoreTookNothing_areCountedOnceStored_howeverLate(String storeKind) {
        LiteObs obs = file.liteObs(storeKind);
        record(obs, 300, Duration.ofDays(1));
        List<ObjectiveCounter> counters = objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "before");

        // ten minutes in which the store takes nothing (a locked file, a full disk), counted every minute
        for (int minute = 1; minute <= 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertEveryWindowEqualsADirectCount(counters, obs.store(), "at minute " + minute + " of the stall");
        }
        // then the rows kept meanwhile, stamped over those ten minutes, are stored at once, and counted a second on
        record(obs, 60, Duration.ofMinutes(10));
        clock.advance(Duration.ofSeconds(1));
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "once the rows held back were stored");
        clock.advance(Duration.ofMinutes(3));
        record(obs, 5, Duration.ofMinutes(1));
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "three minutes later");
    }

    @Test
    void momentsBeforeTheLatest_aLittleOrAfterTheClockWasSetBack_equalADirectCount() {
        LiteObs obs = file.liteObs("sqlite");
        record(obs, 1_000, Duration.ofDays(4));
        List<ObjectiveCounter> counters = objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "at the first count");

        clock.jump(Duration.ofSeconds(-20));
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "20 s before the latest count");
        clock.jump(Duration.ofHours(-3));
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "after the clock was set back 3 h");
        clock.jump(Duration.ofHours(3).plusMinutes(5));
        record(obs, 10, ObjectiveCounter.SETTLE_MARGIN);
        assertEveryWindowEqualsADirectCount(counters, obs.store(), "after the clock was set forward again");
    }

    @Test
    void statusFromAKeptCounter_equalsTheStatusOfOnePass() {
        LiteObs obs = file.liteObs("sqlite");
        record(obs, 1_000, Duration.ofDays(4));
        Objective objective = Objective.named("availability", Indicator.httpAvailability()).target(0.9);
        ObjectiveCounter counter = ObjectiveCounter.of(objective, obs.store());
        for (int round = 0; round < 5; round++) {
            clock.advance(Duration.ofSeconds(61));
            record(obs, 20, Duration.ofMinutes(1));
            assertEquals(ErrorBudget.status(objective, obs.store(), clock.millis()),
                    ErrorBudget.status(counter, clock.millis()));
        }
    }

    @Test
    void rowStoredLaterThanTheSettleMargin_isMissedByTheCountedMinutes_untilCountedAfresh() {
        LiteObs obs = file.liteObs("sqlite");
        record(obs, 200, Duration.ofDays(1));
        // rows up to now: the store keeps up, and the counter settles the minutes up to the margin before now
        record(obs, 5, Duration.ofMinutes(1));
        Objective objective = Objective.named("availability", Indicator.httpAvailability());
        ObjectiveCounter counter = ObjectiveCounter.of(objective, obs.store());
        counter.count(clock.millis(), Duration.ofDays(1));

        clock.advance(Duration.ofSeconds(30));
        obs.http().record(HttpRequest.builder("GET", "/late").route("/late").status(500)
                .duration(Duration.ofMillis(5)).startedAt(clock.instant().minus(Duration.ofMinutes(10))).build());
        assertTrue(obs.flush(Duration.ofSeconds(30)), "the late row was stored");

        long now = clock.millis();
        EventCounts direct = objective.indicator().count(obs.store(), ErrorBudget.windowEndingAt(now,
                Duration.ofDays(1)));
        assertEquals(new EventCounts(direct.good(), direct.total() - 1), counter.count(now, Duration.ofDays(1)));
        assertEquals(direct, ObjectiveCounter.of(objective, obs.store()).count(now, Duration.ofDays(1)));
    }

    @Test
    void roundAfterTheFirst_readsTheNewMinutesAndTheEdges_notTheWindows() {
        LiteObs obs = file.liteObs("sqlite");
        record(obs, 500, Duration.ofDays(4));
        record(obs, 5, Duration.ofMinutes(1));
        ReadRanges store = new ReadRanges(obs.store());
        Objective objective = Objective.named("availability", Indicator.httpAvailability());
        ObjectiveCounter counter = ObjectiveCounter.of(objective, store);

        ErrorBudget.status(counter, clock.millis());
        long filled = store.millisRead.getAndSet(0);
        assertTrue(filled >= Duration.ofDays(30).toMillis(), "the first status reads the objective's window once");
        assertTrue(filled < Duration.ofDays(31).toMillis(), "and only once: " + Duration.ofMillis(filled));

        clock.advance(Duration.ofMinutes(1));
        record(obs, 10, Duration.ofMinutes(1));
        ErrorBudget.status(counter, clock.millis());
        // per window: the minute its start moved past and the part of its first minute; once: the new minute, the
        // settle margin and the current minute
        int windows = ErrorBudget.STANDARD_WINDOWS.size() + 1;
        long bound = Duration.ofMinutes(2L * windows + 1).plus(ObjectiveCounter.SETTLE_MARGIN).plusMinutes(1)
                .toMillis();
        assertTrue(store.millisRead.get() <= bound, "a later round read " + Duration.ofMillis(store.millisRead.get())
                + ", at most " + Duration.ofMillis(bound));
    }

    @Test
    void alertRoundsAfterTheFirst_readTheNewMinutesAndTheEdges_notTheWindows() {
        ReadRanges store = new ReadRanges(SqliteStore.open(dir.resolve("counted.db")));
        LiteObs obs = file.closedLater(LiteObs.builder(store).clock(clock).build());
        record(obs, 500, Duration.ofDays(4));
        record(obs, 5, Duration.ofMinutes(1));
        Alerting alerting = file.closedLater(Alerting.builder(obs).scheduled(false)
                .objective(Objective.named("availability", Indicator.httpAvailability())).build());

        assertEquals(2, alerting.evaluateNow().evaluated(), "the page and the ticket");
        long filled = store.millisRead.getAndSet(0);
        assertTrue(filled >= Duration.ofDays(3).toMillis() && filled < Duration.ofDays(3).plusMinutes(10).toMillis(),
                "the first round reads the alerts' longest window once: " + Duration.ofMillis(filled));

        clock.advance(Duration.ofMinutes(1));
        record(obs, 10, Duration.ofMinutes(1));
        assertEquals(2, alerting.evaluateNow().evaluated(), "the page and the ticket");
        long bound = Duration.ofMinutes(2L * 8 + 2).plus(ObjectiveCounter.SETTLE_MARGIN).toMillis();
        assertTrue(store.millisRead.get() <= bound, "the next round read " + Duration.ofMillis(store.millisRead.get())
                + ", at most " + Duration.ofMillis(bound));
    }

    /** Adds up the length of the ranges the HTTP counts read. */
    private static final class ReadRanges extends ForwardingStore {
        final AtomicLong millisRead = new AtomicLong();

        ReadRanges(ObservabilityStore delegate) {
            super(delegate);
        }

        @Override
        public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
            millisRead.addAndGet(query.range().toMillis() - query.range().fromMillis());
            return super.countHttpRequests(query);
        }
    }
}
