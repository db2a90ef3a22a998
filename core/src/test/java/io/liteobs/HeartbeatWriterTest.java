package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HeartbeatWriterTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void beat_writesJvmFiguresAndTheInterval() {
        try (HeartbeatWriter heartbeat = HeartbeatWriter.builder(store, "worker-1")
                .interval(Duration.ofSeconds(7)).build()) {
            assertEquals(LogResult.COMMITTED, heartbeat.beat());
        }
        Heartbeat beat = store.latestHeartbeat("worker-1").orElseThrow();
        assertEquals("worker-1", beat.workerId());
        assertEquals(ProcessHandle.current().pid(), beat.pid());
        assertEquals(7_000, beat.intervalMillis());
        assertTrue(beat.liveThreads() > 0);
        assertTrue(beat.heapUsed() > 0 && beat.heapCommitted() >= beat.heapUsed());
        assertTrue(beat.nonHeapUsed() > 0);
        assertTrue(beat.uptimeMillis() > 0);
        assertTrue(beat.gcCount() >= 0 && beat.gcTimeMillis() >= 0);
        assertTrue(beat.processCpuLoad() == null || (beat.processCpuLoad() >= 0 && beat.processCpuLoad() <= 1));
        assertFalse(beat.host().isBlank());
    }

    @Test
    void start_beatsAtOnceAndEveryInterval_untilStopped() {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        ManualClock clock = new ManualClock(start);
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (HeartbeatWriter heartbeat = HeartbeatWriter.builder(store, "worker-1").clock(clock)
                .scheduler(scheduler).interval(Duration.ofSeconds(20)).build()) {
            heartbeat.start();
            assertTrue(heartbeat.isRunning());
            scheduler.runDue();
            scheduler.advance(Duration.ofSeconds(19));
            assertEquals(1, heartbeat.stats().offered(), "one beat before the interval has passed");
            scheduler.advance(Duration.ofSeconds(1));
            scheduler.advance(Duration.ofSeconds(20));
            heartbeat.stop();
            assertFalse(heartbeat.isRunning());
            scheduler.advance(Duration.ofMinutes(10));
            assertEquals(4, heartbeat.stats().offered(), "three beats and the stop beat, none after stop()");
        }
        assertEquals(List.of(start, start.plusSeconds(20), start.plusSeconds(40), start.plusSeconds(40)),
                store.heartbeats.stream().map(beat -> Instant.ofEpochMilli(beat.timestampMillis())).toList());
        assertEquals(List.of(false, false, false, true), store.heartbeats.stream().map(Heartbeat::stopped).toList());
    }

    @Test
    void progress_isRecordedByTheNextBeat_andAStillCountIsNotProgressing_afterThreeIntervals() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (LiteObs obs = LiteObs.builder(store).clock(clock).scheduler(scheduler)
                .heartbeatInterval(Duration.ofSeconds(10)).build()) {
            HeartbeatWriter heartbeat = obs.heartbeat("worker-1");
            heartbeat.start();
            scheduler.runDue();
            assertEquals(null, latestWritten(obs, "worker-1").progressCount(),
                    "no progress marked yet: a process-only beat");
            assertEquals(WorkerLiveness.State.ALIVE, obs.liveness("worker-1").orElseThrow().state());

            heartbeat.progress();
            heartbeat.progress(4);
            long progressedAt = clock.millis() + 10_000;
            scheduler.advance(Duration.ofSeconds(10));
            Heartbeat progressed = latestWritten(obs, "worker-1");
            assertEquals(5L, progressed.progressCount());
            assertEquals(progressedAt, progressed.progressAtMillis());

            scheduler.advance(Duration.ofSeconds(30));
            latestWritten(obs, "worker-1");
            WorkerLiveness threeStill = obs.liveness("worker-1").orElseThrow();
            assertEquals(WorkerLiveness.State.ALIVE, threeStill.state(), "still for exactly three intervals");
            assertEquals(Duration.ofSeconds(30), threeStill.sinceProgress());

            scheduler.advance(Duration.ofSeconds(10));
            assertEquals(progressedAt, latestWritten(obs, "worker-1").progressAtMillis());
            WorkerLiveness stuck = obs.liveness("worker-1").orElseThrow();
            assertEquals(WorkerLiveness.State.NOT_PROGRESSING, stuck.state());
            assertTrue(stuck.alive(), "the process still beats");
            assertEquals(4, stuck.intervalsWithoutProgress());

            heartbeat.progress();
            scheduler.advance(Duration.ofSeconds(10));
            assertEquals(6L, latestWritten(obs, "worker-1").progressCount());
            assertEquals(WorkerLiveness.State.ALIVE, obs.liveness("worker-1").orElseThrow().state());
        }
    }

    @Test
    void stop_isRecorded_soAStopIsToldFromACrash_andStartingAgainIsAlive() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        try (LiteObs obs = LiteObs.builder(store).clock(clock).scheduler(scheduler)
                .heartbeatInterval(Duration.ofSeconds(10)).build()) {
            HeartbeatWriter stopping = obs.heartbeat("stopping");
            stopping.start();
            scheduler.runDue();
            stopping.stop();
            assertEquals(LogResult.COMMITTED, obs.heartbeat("crashing").beat());
            assertTrue(latestWritten(obs, "stopping").stopped());
            clock.advance(Duration.ofMinutes(5));

            WorkerLiveness stopped = obs.liveness("stopping").orElseThrow();
            assertEquals(WorkerLiveness.State.STOPPED, stopped.state());
            assertFalse(stopped.alive());
            assertEquals(Duration.ZERO, stopped.staleFor());
            WorkerLiveness crashed = obs.liveness("crashing").orElseThrow();
            assertEquals(WorkerLiveness.State.STALE, crashed.state());
            assertFalse(crashed.alive());

            stopping.start();
            scheduler.runDue();
            latestWritten(obs, "stopping");
            assertEquals(WorkerLiveness.State.ALIVE, obs.liveness("stopping").orElseThrow().state());
        }
    }

    @Test
    void closingLiteObs_recordsTheStopOfEveryStartedWorker() {
        LiteObs obs = LiteObs.builder(store).build();
        obs.heartbeat("started").start();
        obs.heartbeat("never-started").beat();
        Await.until("the first periodic beat", () -> obs.heartbeat("started").stats().offered() == 1);

        obs.close();

        assertTrue(store.latestHeartbeat("started").orElseThrow().stopped());
        assertFalse(store.latestHeartbeat("never-started").orElseThrow().stopped(),
                "a worker that never beat periodically has no beats to stop");
    }

    /** The worker's latest beat, once everything queued is written. */
    private Heartbeat latestWritten(LiteObs obs, String workerId) {
        assertTrue(obs.flush(Duration.ofSeconds(30)));
        return store.latestHeartbeat(workerId).orElseThrow();
    }

    @Test
    void progress_ofZeroOrNegativeUnits_marksNone_andDoesNotThrow() {
        try (HeartbeatWriter heartbeat = HeartbeatWriter.builder(store, "worker-1").build()) {
            heartbeat.progress(0);
            heartbeat.progress(-5);
            assertEquals(LogResult.COMMITTED, heartbeat.beat());
            assertEquals(null, store.latestHeartbeat("worker-1").orElseThrow().progressCount(),
                    "no progress marked: a process-only beat");
            heartbeat.progress(2);
            heartbeat.progress(-1);
            assertEquals(LogResult.COMMITTED, heartbeat.beat());
            assertEquals(2L, store.latestHeartbeat("worker-1").orElseThrow().progressCount());
        }
    }

    @Test
    void writerBuiltOnItsOwn_beatsOnASchedulerThreadOfItsOwn_stoppedByClose() {
        FaultInjectingStore named = new FaultInjectingStore("own-scheduler");
        String schedulerThread = "liteobs-scheduler-own-scheduler-heartbeat-worker-1-1";
        HeartbeatWriter heartbeat = HeartbeatWriter.builder(named, "worker-1").build();
        heartbeat.start();
        Await.until("the first beat, at once", () -> heartbeat.stats().offered() == 1);
        assertTrue(threadAlive(schedulerThread));
        heartbeat.close();
        Await.until("the scheduler thread has ended", () -> !threadAlive(schedulerThread));
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    @Test
    void start_racingWithClose_neverLeavesABeatingWriter() throws Exception {
        try (LiteObs obs = LiteObs.builder(store).heartbeatInterval(Duration.ofHours(1)).build()) {
            for (int round = 0; round < 1_000; round++) {
                HeartbeatWriter heartbeat = obs.heartbeat("w" + round);
                CountDownLatch go = new CountDownLatch(1);
                Thread starter = new Thread(() -> {
                    awaitQuietly(go);
                    heartbeat.start();
                });
                Thread closer = new Thread(() -> {
                    awaitQuietly(go);
                    heartbeat.close();
                });
                starter.start();
                closer.start();
                go.countDown();
                starter.join(10_000);
                closer.join(10_000);
                assertFalse(heartbeat.isRunning(), "round " + round + ": beating after close");
            }
        }
    }

    @Test
    void heartbeat_racingWithLiteObsClose_isNeverLeftOpen() throws Exception {
        for (int round = 0; round < 300; round++) {
            LiteObs obs = LiteObs.builder(new FaultInjectingStore()).heartbeatInterval(Duration.ofHours(1)).build();
            CountDownLatch go = new CountDownLatch(1);
            Thread registrar = new Thread(() -> {
                awaitQuietly(go);
                obs.heartbeat("late").start();
            });
            Thread closer = new Thread(() -> {
                awaitQuietly(go);
                obs.close();
            });
            registrar.start();
            closer.start();
            go.countDown();
            registrar.join(10_000);
            closer.join(10_000);
            for (HeartbeatWriter heartbeat : obs.heartbeats()) {
                assertTrue(heartbeat.isClosed(), "round " + round + ": a heartbeat writer left open after close");
                assertFalse(heartbeat.isRunning(), "round " + round + ": beating after close");
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void liveness_isJudgedFromTheStoredInterval_orTheCallersThreshold() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (HeartbeatWriter fresh = HeartbeatWriter.builder(store, "fresh").clock(clock)
                .interval(Duration.ofSeconds(10)).build();
             HeartbeatWriter old = HeartbeatWriter.builder(store, "old")
                     .clock(Clock.fixed(now.minusSeconds(31), ZoneOffset.UTC))
                     .interval(Duration.ofSeconds(10)).build()) {
            fresh.beat();
            old.beat();
            WorkerLiveness stale = fresh.liveness("old").orElseThrow();
            assertFalse(stale.alive());
            assertEquals(Duration.ofSeconds(31), stale.sinceLastBeat());
            assertEquals(Duration.ofSeconds(30), stale.staleAfter());
            assertEquals(Duration.ofSeconds(1), stale.staleFor());
            assertTrue(fresh.liveness("fresh").orElseThrow().alive());
            assertTrue(fresh.liveness("old", Duration.ofMinutes(1)).orElseThrow().alive());
            assertTrue(fresh.liveness("never").isEmpty());
            assertEquals(2, fresh.livenessOfAll().size());
        }
    }

    @Test
    void judge_atTheThreshold_isStillAlive() {
        Heartbeat beat = new Heartbeat("w", "h", 1, 1_000, 100, 1, 1, 1, 1, 1, 0, 0, null, 1);
        assertTrue(WorkerLiveness.judge(beat, null, 1_300).alive());
        assertFalse(WorkerLiveness.judge(beat, null, 1_301).alive());
        assertEquals(Duration.ZERO, WorkerLiveness.judge(beat, null, 500).sinceLastBeat());
    }

    @Test
    void invalidWorkerOrInterval_failFast() {
        assertThrows(IllegalArgumentException.class, () -> HeartbeatWriter.builder(store, " "));
        assertThrows(IllegalArgumentException.class,
                () -> HeartbeatWriter.builder(store, "w").interval(Duration.ZERO));
    }
}
