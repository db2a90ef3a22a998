package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Liveness as its documentation states it, clock skew included. */
class WorkerLivenessTest {

    private static final long INTERVAL = 1_000;

    private static Heartbeat beatAt(long timestampMillis) {
        return new Heartbeat("w", "host", 1, timestampMillis, INTERVAL, 1, 1, 1, 1, 1, 0, 0, null, 1);
    }

    @Test
    void beatStampedInTheFuture_hasAgeZero_andKeepsTheWorkerAliveForTheSkewLonger() {
        long skew = 60_000;
        long stoppedAt = 100_000;
        Heartbeat ahead = beatAt(stoppedAt + skew);
        WorkerLiveness justAfter = WorkerLiveness.judge(ahead, null, stoppedAt);
        assertTrue(justAfter.alive());
        assertEquals(Duration.ZERO, justAfter.sinceLastBeat());
        long staleAfter = WorkerLiveness.STALE_AFTER_INTERVALS * INTERVAL;
        assertTrue(WorkerLiveness.judge(ahead, null, stoppedAt + skew + staleAfter).alive(),
                "alive until the checker's clock passes the beat's timestamp plus staleAfter");
        WorkerLiveness stale = WorkerLiveness.judge(ahead, null, stoppedAt + skew + staleAfter + 1);
        assertFalse(stale.alive());
        assertEquals(Duration.ofMillis(1), stale.staleFor());
    }

    private static Heartbeat progressBeat(long timestampMillis, long progressAtMillis, boolean stopped) {
        return new Heartbeat("w", "host", 1, timestampMillis, INTERVAL, 1, 1, 1, 1, 1, 0, 0, null, 1, 7L,
                progressAtMillis, stopped);
    }

    @Test
    void verdicts_stopBeforeStaleness_stalenessBeforeProgress() {
        long now = 100_000;
        long threeIntervals = WorkerLiveness.NOT_PROGRESSING_AFTER_INTERVALS * INTERVAL;
        assertEquals(WorkerLiveness.State.ALIVE,
                WorkerLiveness.judge(progressBeat(now, now - threeIntervals, false), null, now).state());
        WorkerLiveness stuck = WorkerLiveness.judge(progressBeat(now, now - threeIntervals - 1, false), null, now);
        assertEquals(WorkerLiveness.State.NOT_PROGRESSING, stuck.state());
        assertTrue(stuck.alive());
        assertEquals(WorkerLiveness.NOT_PROGRESSING_AFTER_INTERVALS, stuck.intervalsWithoutProgress());
        assertEquals(WorkerLiveness.State.STALE,
                WorkerLiveness.judge(progressBeat(now - 10_000, now - 60_000, false), null, now).state());
        assertEquals(WorkerLiveness.State.STOPPED,
                WorkerLiveness.judge(progressBeat(now - 10_000, now - 60_000, true), null, now).state());
        WorkerLiveness processOnly = WorkerLiveness.judge(beatAt(now), null, now);
        assertEquals(WorkerLiveness.State.ALIVE, processOnly.state());
        assertEquals(null, processOnly.sinceProgress());
        assertEquals(0, processOnly.intervalsWithoutProgress());
    }

    @Test
    void beatStampedFurtherBehindThanStaleAfter_neverLooksAlive() {
        long now = 100_000;
        assertFalse(WorkerLiveness.judge(beatAt(now - 10_000), Duration.ofSeconds(5), now).alive());
        assertTrue(WorkerLiveness.judge(beatAt(now - 10_000), Duration.ofSeconds(10), now).alive(),
                "a staleAfter that covers the skew");
    }
}
