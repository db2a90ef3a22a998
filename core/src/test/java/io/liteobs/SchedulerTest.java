package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.liteobs.common.internal.PeriodicTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** All periodic work of a LiteObs runs on one scheduler: its own daemon thread, or the one the builder is given. */
class SchedulerTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    /** The names of the live threads whose names start with {@code liteobs-}, sorted. */
    private static List<String> liteObsThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("liteobs-"))
                .sorted()
                .toList();
    }

    /** The LiteObs threads alive now that were not among {@code before}. */
    private static List<String> liteObsThreadsSince(List<String> before) {
        List<String> now = new ArrayList<>(liteObsThreads());
        before.forEach(now::remove);
        return now;
    }

    @Test
    void twoHundredStartedHeartbeats_andScheduledRetention_runOnOneWriterAndOneSchedulerThread() {
        String storeName = "two-hundred-workers";
        List<String> before = liteObsThreads();
        LiteObs obs = LiteObs.builder(new FaultInjectingStore(storeName))
                .retention(RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofDays(1)).build())
                .retentionEvery(Duration.ofMinutes(1))
                .build();
        try {
            for (int i = 0; i < 200; i++) {
                obs.heartbeat("worker-" + i).start();
            }
            // the first beat of each is due at once: once all have beaten, every schedule has run
            Await.until("every worker beat", () -> obs.heartbeats().stream()
                    .allMatch(heartbeat -> heartbeat.stats().offered() >= 1));
            assertTrue(obs.heartbeats().stream().allMatch(HeartbeatWriter::isRunning));
            assertEquals(List.of("liteobs-scheduler-" + storeName + "-1", "liteobs-writer-" + storeName),
                    liteObsThreadsSince(before));
        } finally {
            obs.close();
        }
        Await.until("no thread of the closed LiteObs is left", () -> liteObsThreadsSince(before).isEmpty());
    }

    @Test
    void givenScheduler_runsHeartbeatsAndRetention_andIsLeftRunningByClose() {
        String storeName = "given-scheduler";
        List<String> before = liteObsThreads();
        ManualClock clock = new ManualClock(START);
        ManualScheduler scheduler = new ManualScheduler(clock);
        LiteObs obs = LiteObs.builder(new FaultInjectingStore(storeName))
                .clock(clock)
                .scheduler(scheduler)
                .heartbeatInterval(Duration.ofSeconds(10))
                .retention(RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofDays(1)).build())
                .retentionEvery(Duration.ofHours(1))
                .build();
        assertSame(scheduler, obs.scheduler());
        HeartbeatWriter heartbeat = obs.heartbeat("worker-1");
        heartbeat.start();
        assertEquals(2, scheduler.pending(), "the heartbeat and retention are scheduled on the given scheduler");
        assertEquals(0, heartbeat.stats().offered(), "nothing runs until the given scheduler runs it");

        scheduler.runDue();
        assertEquals(1, heartbeat.stats().offered(), "the first beat, at once");
        scheduler.advance(Duration.ofSeconds(10));
        assertEquals(2, heartbeat.stats().offered());
        assertEquals(List.of("liteobs-writer-" + storeName), liteObsThreadsSince(before), "no scheduler thread made");

        obs.close();
        assertFalse(scheduler.isShutdown(), "a given scheduler is the caller's to shut down");
        assertEquals(0, scheduler.pending(), "close cancels the LiteObs's tasks");
    }

    @Test
    void throwingTask_runsAgainOnSchedule_andTheOthersToo() {
        ManualScheduler scheduler = new ManualScheduler(new ManualClock(START));
        AtomicInteger throwingRuns = new AtomicInteger();
        AtomicInteger otherRuns = new AtomicInteger();
        try (PeriodicTasks tasks = PeriodicTasks.on(scheduler, "unused")) {
            tasks.atFixedRate("always failing", Duration.ZERO, Duration.ofSeconds(1), () -> {
                throwingRuns.incrementAndGet();
                throw new IllegalStateException("simulated failure of a periodic task");
            });
            tasks.atFixedRate("counting", Duration.ZERO, Duration.ofSeconds(1), otherRuns::incrementAndGet);
            scheduler.runDue();
            scheduler.advance(Duration.ofSeconds(1));
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertEquals(3, throwingRuns.get(), "a task that throws keeps its schedule");
        assertEquals(3, otherRuns.get());
        assertEquals(0, scheduler.pending(), "close cancels both");
    }

    @Test
    void failingRetention_doesNotStopTheHeartbeatsOnTheSameScheduler() {
        ManualClock clock = new ManualClock(START);
        ManualScheduler scheduler = new ManualScheduler(clock);
        FaultInjectingStore store = spy(new FaultInjectingStore());
        doThrow(new IllegalStateException("simulated bug in the store's retention"))
                .when(store).deleteOlderThan(any(), anyLong(), anyInt());
        try (LiteObs obs = LiteObs.builder(store).clock(clock).scheduler(scheduler)
                .heartbeatInterval(Duration.ofMinutes(1))
                .retention(RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofDays(1)).build())
                .retentionEvery(Duration.ofMinutes(1))
                .build()) {
            HeartbeatWriter heartbeat = obs.heartbeat("worker-1");
            heartbeat.start();
            for (int i = 0; i < 3; i++) {
                scheduler.advance(Duration.ofMinutes(1));
            }
            assertEquals(4, heartbeat.stats().offered(), "the first beat and one a minute");
            verify(store, times(3)).deleteOlderThan(any(), anyLong(), anyInt());
            assertEquals(2, scheduler.pending(), "retention stays scheduled after failing three times");
        }
    }
}
