package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void advance_movesWallAndMonotonicTimeTogether_jumpMovesTheWallAlone() {
        ManualClock clock = new ManualClock(START);
        long startNanos = clock.nanoTime();
        clock.advance(Duration.ofMillis(1_500));
        assertEquals(START.plusMillis(1_500), clock.instant());
        assertEquals(START.toEpochMilli() + 1_500, clock.millis());
        assertEquals(1_500_000_000L, clock.nanoTime() - startNanos);

        clock.jump(Duration.ofDays(-30));
        assertEquals(START.plusMillis(1_500).minus(Duration.ofDays(30)), clock.instant());
        assertEquals(1_500_000_000L, clock.nanoTime() - startNanos, "monotonic time does not follow the wall");
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    }

    @Test
    void waiter_wakesWhenTheClockIsAdvancedPastItsDeadline() throws Exception {
        ManualClock clock = new ManualClock(START);
        long deadline = clock.nanoTime() + Duration.ofSeconds(10).toNanos();
        Thread waiter = new Thread(() -> {
            while (clock.nanoTime() - deadline < 0) {
                clock.parkUntil(this, deadline);
            }
        });
        waiter.start();
        Await.until("the waiter parks", () -> waiter.getState() == Thread.State.WAITING);
        clock.advance(Duration.ofSeconds(9));
        Await.until("the waiter parks again short of its deadline", () -> waiter.getState() == Thread.State.WAITING);
        assertTrue(waiter.isAlive());
        clock.advance(Duration.ofSeconds(1));
        waiter.join(10_000);
        assertFalse(waiter.isAlive(), "the waiter returned once its deadline came");
    }

    @Test
    void withZone_isAViewThatMovesWithTheClock() {
        ManualClock clock = new ManualClock(START);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(START.plusSeconds(60), paris.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }

    @Test
    void plainClock_givesWallTime_withSystemNanoTimeAsMonotonicTime() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        LiteObsClock clock = LiteObsClock.of(fixed);
        assertEquals(START, clock.instant());
        long before = System.nanoTime();
        long reading = clock.nanoTime();
        assertTrue(reading - before >= 0 && System.nanoTime() - reading >= 0, "System.nanoTime()");
        ManualClock manual = new ManualClock(START);
        assertSame(manual, LiteObsClock.of(manual));
    }
}
