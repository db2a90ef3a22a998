package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
        Thread.sleep(100);
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
    void scheduledRun_survivesAFailingRun() {
        when(store.deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt()))
                .thenThrow(new StoreException(StoreException.Kind.UNAVAILABLE, "disk I/O error", null))
                .thenReturn(0L);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofHours(1)).build();
        try (Retention retention = Retention.of(store, policy, clock).schedule(Duration.ofMillis(10))) {
            verify(store, timeout(10_000).atLeast(2)).deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt());
            assertThrows(IllegalStateException.class, () -> retention.schedule(Duration.ofMillis(10)));
        }
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
