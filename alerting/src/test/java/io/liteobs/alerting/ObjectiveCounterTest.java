package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(NOW);
    @RegisterExtension
    final ClockedFile file = new ClockedFile(() -> dir, clock);
    private final Traffic traffic = new Traffic(clock, 18);

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void everyWindow_equalsADirectCount_asTimeMovesOn_withRowsUpToTheSettleMarginLate(String storeKind) {
        LiteObs obs = file.liteObs(storeKind);
        traffic.generate(1_500, Duration.ofDays(4), obs);
        List<ObjectiveCounter> counters = Traffic.objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();

        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "at the first count");
        for (int round = 1; round <= 40; round++) {
            // rounds a few seconds to a few minutes apart, crossing minute boundaries at any point of a minute
            clock.advance(Duration.ofMillis(7_000 + traffic.random().nextInt(200_000)));
            traffic.generate(12, ObjectiveCounter.SETTLE_MARGIN, obs);
            traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "at round " + round);
        }
        // a count asked twice at the same moment, and a pause longer than the longest window
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "asked again");
        clock.advance(Duration.ofDays(3).plusMinutes(7));
        traffic.generate(30, ObjectiveCounter.SETTLE_MARGIN, obs);
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "after three days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void rowsHeldBackWhileTheStoreTookNothing_areCountedOnceStored_howeverLate(String storeKind) {
        LiteObs obs = file.liteObs(storeKind);
        traffic.generate(300, Duration.ofDays(1), obs);
        List<ObjectiveCounter> counters = Traffic.objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "before");

        // ten minutes in which the store takes nothing (a locked file, a full disk), counted every minute
        for (int minute = 1; minute <= 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(),
                    "at minute " + minute + " of the stall");
        }
        // then the rows kept meanwhile, stamped over those ten minutes, are stored at once, and counted a second on
        traffic.generate(60, Duration.ofMinutes(10), obs);
        clock.advance(Duration.ofSeconds(1));
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "once the rows held back were stored");
        clock.advance(Duration.ofMinutes(3));
        traffic.generate(5, Duration.ofMinutes(1), obs);
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "three minutes later");
    }

    @Test
    void momentsBeforeTheLatest_aLittleOrAfterTheClockWasSetBack_equalADirectCount() {
        LiteObs obs = file.liteObs("sqlite");
        traffic.generate(1_000, Duration.ofDays(4), obs);
        List<ObjectiveCounter> counters = Traffic.objectivesOfEveryIndicator().stream()
                .map(objective -> ObjectiveCounter.of(objective, obs.store())).toList();
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "at the first count");

        clock.jump(Duration.ofSeconds(-20));
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "20 s before the latest count");
        clock.jump(Duration.ofHours(-3));
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "after the clock was set back 3 h");
        clock.jump(Duration.ofHours(3).plusMinutes(5));
        traffic.generate(10, ObjectiveCounter.SETTLE_MARGIN, obs);
        traffic.assertEveryWindowEqualsADirectCount(counters, obs.store(), "after the clock was set forward again");
    }

    @Test
    void statusFromAKeptCounter_equalsTheStatusOfOnePass() {
        LiteObs obs = file.liteObs("sqlite");
        traffic.generate(1_000, Duration.ofDays(4), obs);
        Objective objective = Objective.named("availability", Indicator.httpAvailability()).target(0.9);
        ObjectiveCounter counter = ObjectiveCounter.of(objective, obs.store());
        for (int round = 0; round < 5; round++) {
            clock.advance(Duration.ofSeconds(61));
            traffic.generate(20, Duration.ofMinutes(1), obs);
            assertEquals(ErrorBudget.status(objective, obs.store(), clock.millis()),
                    ErrorBudget.status(counter, clock.millis()));
        }
    }

    @Test
    void rowStoredLaterThanTheSettleMargin_isMissedByTheCountedMinutes_untilCountedAfresh() {
        LiteObs obs = file.liteObs("sqlite");
        traffic.generate(200, Duration.ofDays(1), obs);
        // rows up to now: the store keeps up, and the counter settles the minutes up to the margin before now
        traffic.generate(5, Duration.ofMinutes(1), obs);
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
        traffic.generate(500, Duration.ofDays(4), obs);
        traffic.generate(5, Duration.ofMinutes(1), obs);
        ReadRanges store = new ReadRanges(obs.store());
        Objective objective = Objective.named("availability", Indicator.httpAvailability());
        ObjectiveCounter counter = ObjectiveCounter.of(objective, store);

        ErrorBudget.status(counter, clock.millis());
        long filled = store.millisRead.getAndSet(0);
        assertTrue(filled >= Duration.ofDays(30).toMillis(), "the first status reads the objective's window once");
        assertTrue(filled < Duration.ofDays(31).toMillis(), "and only once: " + Duration.ofMillis(filled));

        clock.advance(Duration.ofMinutes(1));
        traffic.generate(10, Duration.ofMinutes(1), obs);
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
        traffic.generate(500, Duration.ofDays(4), obs);
        traffic.generate(5, Duration.ofMinutes(1), obs);
        Alerting alerting = file.closedLater(Alerting.builder(obs).scheduled(false)
                .objective(Objective.named("availability", Indicator.httpAvailability())).build());

        assertEquals(2, alerting.evaluateNow().evaluated(), "the page and the ticket");
        long filled = store.millisRead.getAndSet(0);
        assertTrue(filled >= Duration.ofDays(3).toMillis() && filled < Duration.ofDays(3).plusMinutes(10).toMillis(),
                "the first round reads the alerts' longest window once: " + Duration.ofMillis(filled));

        clock.advance(Duration.ofMinutes(1));
        traffic.generate(10, Duration.ofMinutes(1), obs);
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
