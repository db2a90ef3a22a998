package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final ObservabilityStore store = mock(ObservabilityStore.class);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void run_deletesChunkByChunkUntilAChunkComesBackShort_thenCompacts() {
        long metricsCutoff = NOW.minus(Duration.ofDays(7)).toEpochMilli();
        when(store.deleteOlderThan(DataKind.METRICS, metricsCutoff, 100)).thenReturn(100L, 100L, 42L);
        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(7))
                .keep(DataKind.AUDIT, Duration.ofDays(365))
                .chunkSize(100).pauseBetweenChunks(Duration.ZERO)
                .build();
        RetentionResult result = Retention.of(store, policy, clock).run();
        assertEquals(Map.of(DataKind.METRICS, 242L, DataKind.AUDIT, 0L), result.deleted());
        assertEquals(242, result.totalDeleted());
        assertTrue(result.completed());
        assertEquals(NOW, result.startedAt());
        verify(store).compact();
    }

    @Test
    void run_deletesEachRollupTierByItsOwnAge_chunkByChunk_andReportsItApart() {
        long minuteCutoff = NOW.minus(Duration.ofDays(30)).toEpochMilli();
        long hourCutoff = NOW.minus(Duration.ofDays(400)).toEpochMilli();
        when(store.deleteRollupsOlderThan(RollupTier.MINUTE, minuteCutoff, 100)).thenReturn(100L, 7L);
        when(store.deleteRollupsOlderThan(RollupTier.HOUR, hourCutoff, 100)).thenReturn(3L);
        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(7))
                .keep(RollupTier.HOUR, Duration.ofDays(400))
                .chunkSize(100).pauseBetweenChunks(Duration.ZERO)
                .build();

        RetentionResult result = Retention.of(store, policy, clock).run();

        assertEquals(Map.of(RollupTier.MINUTE, 107L, RollupTier.HOUR, 3L), result.rollupsDeleted());
        assertEquals(Map.of(DataKind.METRICS, 0L), result.deleted());
        verify(store).compact();
    }

    @Test
    void policy_keepsEachRollupTierItsDefaultAge_unlessTold() {
        assertEquals(Map.of(RollupTier.MINUTE, Duration.ofDays(30), RollupTier.HOUR, Duration.ofDays(730)),
                RetentionPolicy.builder().build().rollupMaxAge());
        assertEquals(Map.of(RollupTier.MINUTE, Duration.ofDays(30), RollupTier.HOUR, Duration.ofDays(730)),
                new RetentionPolicy(Map.of(), 10, Duration.ZERO).rollupMaxAge());
        assertEquals(Duration.ofDays(90), RetentionPolicy.builder().keep(RollupTier.MINUTE, Duration.ofDays(90))
                .build().rollupMaxAge().get(RollupTier.MINUTE));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.builder().keep(RollupTier.HOUR, Duration.ZERO));
        assertTrue(tooShort.getMessage().contains("keep(HOUR, age)"), tooShort.getMessage());
    }

    @Test
    void runAfterClose_touchesNothing_andSaysItDidNotComplete() {
        Retention retention = Retention.of(store, RetentionPolicy.builder().build(), clock);
        retention.close();

        RetentionResult result = retention.run();

        assertFalse(result.completed(), "nothing to delete, yet a closed retention does not claim to have run");
        assertEquals(0, result.totalDeleted());
        verify(store, never()).deleteOlderThan(any(), anyLong(), anyInt());
        verify(store, never()).compact();
    }

    @Test
    void close_waitsForTheRunInProgress_whichNeitherDeletesNorCompactsAfterIt() throws Exception {
        CountDownLatch deleting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closedDuringStoreCall = new AtomicBoolean();
        AtomicBoolean storeClosed = new AtomicBoolean();
        when(store.deleteOlderThan(eq(DataKind.METRICS), anyLong(), anyInt())).thenAnswer(call -> {
            deleting.countDown();
            release.await(10, TimeUnit.SECONDS);
            if (storeClosed.get()) {
                closedDuringStoreCall.set(true);
            }
            return 100L;
        });
        doAnswer(call -> {
            if (storeClosed.get()) {
                closedDuringStoreCall.set(true);
            }
            return null;
        }).when(store).compact();
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.METRICS, Duration.ofDays(7))
                .chunkSize(100).pauseBetweenChunks(Duration.ZERO).build();
        Retention retention = Retention.of(store, policy, clock);
        AtomicReference<RetentionResult> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(retention.run()));
        runner.start();
        assertTrue(deleting.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> {
            retention.close();
            storeClosed.set(true); // what LiteObs.close() does next
        });
        closer.start();
        Await.until("close waits for the run", () -> closer.getState() == Thread.State.TIMED_WAITING);
        release.countDown();
        closer.join(10_000);
        runner.join(10_000);
        assertFalse(closedDuringStoreCall.get(), "the store was closed under a retention run");
        verify(store, times(1)).deleteOlderThan(eq(DataKind.METRICS), anyLong(), anyInt());
        verify(store, never()).compact();
        assertFalse(result.get().completed());
    }

    @Test
    void run_withNothingToDelete_doesNotCompact() {
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.EVENTS, Duration.ofDays(1)).build();
        assertEquals(0, Retention.of(store, policy, clock).run().totalDeleted());
        verify(store, never()).compact();
    }

    @Test
    void scheduledRun_everyInterval_survivesAFailingRun_andCloseLeavesTheSchedulerRunning() {
        when(store.deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt()))
                .thenThrow(new StoreException(StoreException.Kind.UNAVAILABLE, "disk I/O error", null))
                .thenReturn(0L);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofHours(1)).build();
        ManualClock manual = new ManualClock(NOW);
        ManualScheduler scheduler = new ManualScheduler(manual);
        try (Retention retention = Retention.of(store, policy, manual).schedule(Duration.ofMinutes(10), scheduler)) {
            scheduler.advance(Duration.ofMinutes(9));
            verify(store, never()).deleteOlderThan(any(), anyLong(), anyInt());
            scheduler.advance(Duration.ofMinutes(1));
            scheduler.advance(Duration.ofMinutes(10));
            verify(store, times(2)).deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt());
            assertThrows(IllegalStateException.class, () -> retention.schedule(Duration.ofMinutes(10)));
        }
        assertEquals(0, scheduler.pending(), "close cancels the schedule");
        assertFalse(scheduler.isShutdown(), "and leaves the given scheduler running");
    }

    @Test
    void wallClockJumpingForward_deletesNothingEarly_agesFollowMonotonicTime() {
        ManualClock manual = new ManualClock(NOW);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.METRICS, Duration.ofDays(7))
                .chunkSize(100).build();
        Retention retention = Retention.of(store, policy, manual);
        manual.jump(Duration.ofDays(30));
        retention.run();
        verify(store).deleteOlderThan(DataKind.METRICS, NOW.minus(Duration.ofDays(7)).toEpochMilli(), 100);
        manual.advance(Duration.ofDays(1));
        retention.run();
        verify(store).deleteOlderThan(DataKind.METRICS, NOW.minus(Duration.ofDays(6)).toEpochMilli(), 100);
    }

    @Test
    void clockAheadFromTheStart_stampingNewRows_doesNotMakeRetentionDeleteWhatTheFileHeldFresh() {
        InMemoryStore memory = InMemoryStore.create();
        memory.write(audit("old", NOW.minus(Duration.ofDays(10)), "fresh", NOW.minus(Duration.ofHours(1))));
        ManualClock aheadFromTheStart = new ManualClock(NOW.plus(Duration.ofDays(30)));
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(7)).build();
        Retention retention = Retention.of(memory, policy, aheadFromTheStart);
        memory.write(audit("stamped-ahead", aheadFromTheStart.instant()));

        assertEquals(1, retention.run().deleted().get(DataKind.AUDIT), "only the row old by the file's history");
        assertEquals(List.of("stamped-ahead", "fresh"), auditIds(memory));

        // the file's history moves on with monotonic time: a week after the fresh row it is old
        aheadFromTheStart.advance(Duration.ofDays(7).plusMinutes(1));
        assertEquals(1, retention.run().deleted().get(DataKind.AUDIT));
        assertEquals(List.of("stamped-ahead"), auditIds(memory));
    }

    @Test
    void storeEmptyWhenRetentionIsMade_leavesAgesToTheClockAndTheStamps() {
        InMemoryStore memory = InMemoryStore.create();
        ManualClock manual = new ManualClock(NOW);
        Retention retention = Retention.of(memory,
                RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(7)).build(), manual);
        memory.write(audit("old", NOW.minus(Duration.ofDays(10)), "fresh", NOW.minus(Duration.ofHours(1))));

        assertEquals(1, retention.run().deleted().get(DataKind.AUDIT));
        assertEquals(List.of("fresh"), auditIds(memory));
    }

    /** A batch of audit entries, given as id and time pairs. */
    private static WriteBatch audit(Object... idsAndTimes) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        for (int i = 0; i < idsAndTimes.length; i += 2) {
            buffer.audit().add(AuditEntry.builder("clock", "op").id((String) idsAndTimes[i])
                    .timestamp((Instant) idsAndTimes[i + 1]).build());
        }
        return buffer.batch();
    }

    private static List<String> auditIds(InMemoryStore memory) {
        return memory.findAudit(AuditQuery.builder().build()).stream().map(AuditEntry::id).toList();
    }

    @Test
    void pauseBetweenChunks_lastsUntilTheClockHasMovedByIt() throws Exception {
        ManualClock manual = new ManualClock(NOW);
        CountDownLatch firstChunk = new CountDownLatch(1);
        when(store.deleteOlderThan(eq(DataKind.METRICS), anyLong(), anyInt())).thenAnswer(call -> {
            firstChunk.countDown();
            return 100L;
        }).thenReturn(42L);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.METRICS, Duration.ofDays(7))
                .chunkSize(100).pauseBetweenChunks(Duration.ofSeconds(1)).build();
        Retention retention = Retention.of(store, policy, manual);
        AtomicReference<RetentionResult> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(retention.run()));
        runner.start();
        assertTrue(firstChunk.await(10, TimeUnit.SECONDS));
        Await.until("the run pauses after the first chunk", () -> runner.getState() == Thread.State.WAITING);
        manual.advance(Duration.ofMillis(999));
        Await.until("still pausing", () -> runner.getState() == Thread.State.WAITING);
        verify(store, times(1)).deleteOlderThan(eq(DataKind.METRICS), anyLong(), anyInt());
        manual.advance(Duration.ofMillis(1));
        runner.join(10_000);
        assertEquals(142, result.get().totalDeleted());
        assertEquals(Duration.ofSeconds(1), result.get().took(), "measured on the clock");
    }

    @Test
    void invalidPolicies_failFastNamingTheParameter() {
        IllegalArgumentException chunk = assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.builder().chunkSize(0).build());
        assertTrue(chunk.getMessage().contains("chunkSize"));
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(-1)).build());
        assertTrue(age.getMessage().contains("AUDIT"));
    }
}
